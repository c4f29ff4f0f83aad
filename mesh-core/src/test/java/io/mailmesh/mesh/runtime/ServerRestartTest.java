package io.mailmesh.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerRestartTest {
    private static final int ORDERS = 5_000;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aNatsServerRestartInTheMiddleOf5000DurableOrdersLosesNone() throws Exception {
        // given a worker counting distinct orders, and an emitter
        Set<String> handled = ConcurrentHashMap.newKeySet();
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()), TestWorkers.handlers(
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class,
                        (order, ctx) -> {
                            handled.add(order.contactId());
                            return Reply.ok("ok");
                        })));
             MeshRuntime api = MeshApp.start(MeshConfig.forTests("api", nats.url()))) {
            OrderEmitter emitter = api.get(OrderEmitter.class);

            // when the server restarts after the first 1,000 orders were published
            for (int i = 0; i < ORDERS; i++) {
                if (i == 1_000) {
                    nats.server().restart();
                }
                publishUntilAcknowledged(emitter, i);
            }

            // then every order is handled
            TestWorkers.await(Duration.ofSeconds(60), "all " + ORDERS + " orders", () -> handled.size() == ORDERS);
            assertThat(handled).hasSize(ORDERS);
        }
    }

    /** What a careful emitter does: retry with the same message id until the stream acknowledges. */
    private static void publishUntilAcknowledged(OrderEmitter emitter, int i) throws InterruptedException {
        ContactOrder order = ContactOrder.of(OrderType.CONTACT_UPDATE, "c" + i, "u1");
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                emitter.publish(Routes.CONTACT_ACTION, order, "restart-test-" + i);
                return;
            } catch (PublishFailedException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(100); // back-off between publish retries, not synchronisation
            }
        }
    }
}
