package io.mailmesh.mesh.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler that keeps crashing is dead-lettered after MESH_MAX_DELIVERIES (4 here), not after the server's own
 * limit of {@value DurableTopology#SERVER_MAX_DELIVER}: whether it throws an Error, overruns its deadline, or took
 * the worker down with it on every earlier delivery (the delivery count is checked before the handler runs).
 */
class CrashingHandlerTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private static final int MAX_DELIVERIES = 4;

    private static MeshConfig config() {
        return MeshConfig.forTests("mq-worker", nats.url())
                .withRetries(MAX_DELIVERIES, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void aHandlerThatThrowsAnErrorEveryTimeIsDeadLetteredAfterMaxDeliveries() throws Exception {
        // given a handler that always throws an Error
        AtomicInteger calls = new AtomicInteger();
        try (MeshRuntime worker = MeshApp.start(config(), TestWorkers.handlers(HandlerBinding.of(Routes.KEY_ACTION,
                OrderType.PUBLISH_KEY, KeyOrder.class, (order, ctx) -> {
                    calls.incrementAndGet();
                    throw new StackOverflowError("hostile recursion");
                })));
             Connection raw = Nats.connect(nats.url())) {

            // when an order is published
            raw.publish(Routes.KEY_ACTION.subject(), bytes("{\"order\":\"publish_key\",\"key_id\":\"k\","
                    + "\"resource_id\":\"c\",\"user_id\":\"u\"}"));

            // then it is tried MAX_DELIVERIES times and dead-lettered
            Message dead = only(DeadLetterReader.await(raw, "deadletter.keyAction", 1, Duration.ofSeconds(20)));
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE)).isEqualTo("internal_error");
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_DELIVERIES)).isEqualTo("4");
            assertThat(calls).hasValue(MAX_DELIVERIES);
        }
    }

    @Test
    void aHandlerThatOverrunsItsDeadlineEveryTimeIsDeadLetteredAfterMaxDeliveries() throws Exception {
        // given a handler that ignores its deadline (as blocking I/O does) until the test ends
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        MeshConfig config = config().withHandlerDefaults(HandlerOptions.DEFAULTS.withTimeout(Duration.ofMillis(200)));
        try (Connection raw = Nats.connect(nats.url())) {
            MeshRuntime worker = MeshApp.start(config, TestWorkers.handlers(HandlerBinding.of(Routes.IMAP_FETCHER,
                    OrderType.SYNC, RemoteOrder.class, (order, ctx) -> {
                        calls.incrementAndGet();
                        awaitIgnoringInterrupts(release);
                        return Reply.ok("late");
                    })));
            try {
                // when an order is published
                raw.publish(Routes.IMAP_FETCHER.subject(), bytes("{\"order\":\"sync\",\"remote_id\":\"r\","
                        + "\"user_id\":\"u\"}"));

                // then it is tried MAX_DELIVERIES times and dead-lettered with the timeout
                Message dead = only(DeadLetterReader.await(raw, "deadletter.IMAPfetcher", 1, Duration.ofSeconds(20)));
                assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE)).isEqualTo("timeout");
                assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_DELIVERIES)).isEqualTo("4");
                assertThat(calls).hasValue(MAX_DELIVERIES);
            } finally {
                release.countDown(); // first, so the stop does not wait for the stuck handlers
                worker.close();
            }
        }
    }

    @Test
    void anOrderWhoseEarlierDeliveriesEndedWithoutAnOutcomeIsDeadLetteredBeforeItsHandlerRuns() throws Exception {
        // given an order already delivered MAX_DELIVERIES times to workers that died holding it
        try (Connection raw = Nats.connect(nats.url())) {
            new DurableTopology(raw, 1).ensure();
            raw.publish(Routes.CONTACT_ACTION.subject(), bytes("{\"order\":\"contact_update\",\"contact_id\":\"c\","
                    + "\"user_id\":\"u\"}"));
            JetStreamSubscription crashingWorker = raw.jetStream().subscribe(null, PullSubscribeOptions.bind(
                    DurableTopology.ORDERS_STREAM, DurableTopology.consumerName(Routes.CONTACT_ACTION)));
            for (int delivery = 1; delivery <= MAX_DELIVERIES; delivery++) {
                Message taken = only(crashingWorker.fetch(1, Duration.ofSeconds(5)));
                assertThat(taken.metaData().deliveredCount()).isEqualTo(delivery);
                taken.nak(); // stands for the ack wait running out after the process died
            }
            crashingWorker.unsubscribe();
            AtomicInteger calls = new AtomicInteger();

            // when a worker starts and receives it a fifth time
            try (MeshRuntime worker = MeshApp.start(config(), TestWorkers.handlers(HandlerBinding.of(
                    Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class, (order, ctx) -> {
                        calls.incrementAndGet();
                        return Reply.ok("updated");
                    })))) {

                // then it is dead-lettered without running the handler
                Message dead = only(DeadLetterReader.await(raw, "deadletter.contactAction", 1,
                        Duration.ofSeconds(20)));
                assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE)).isEqualTo("max_deliveries");
                assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_DELIVERIES)).isEqualTo("5");
                assertThat(calls).hasValue(0);
            }
        }
    }

    private static Message only(List<Message> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // blocking I/O does not notice an interrupt either
            }
        }
    }
}
