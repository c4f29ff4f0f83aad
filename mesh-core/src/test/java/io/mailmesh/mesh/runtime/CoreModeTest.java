package io.mailmesh.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CoreModeTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension(false);

    @Test
    void coreModeDeliversPubSubOrdersOnAServerWithoutJetStream() throws Exception {
        // given a worker in core mode on a server without JetStream
        CountDownLatch handled = new CountDownLatch(1);
        MeshConfig config = MeshConfig.forTests("mq-worker", nats.url()).withDelivery(DeliveryMode.CORE);
        try (MeshRuntime worker = MeshApp.start(config, TestWorkers.handlers(
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class,
                        (order, ctx) -> {
                            handled.countDown();
                            return Reply.ok("ok");
                        })))) {

            // when an order is published
            worker.get(OrderEmitter.class).publish(Routes.CONTACT_ACTION,
                    ContactOrder.of(OrderType.CONTACT_UPDATE, "c1", "u1"));

            // then the queue subscription handles it
            assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
