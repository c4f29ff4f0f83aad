package io.mailmesh.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DurableDeliveryTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aDurableOrderPublishedWhileNoWorkerRunsIsHandledOnceTheWorkerStarts() throws Exception {
        // given an emitter (its start creates the stream and consumers) and no worker for contactAction
        try (MeshRuntime emitterSide = MeshApp.start(MeshConfig.forTests("api", nats.url()))) {
            emitterSide.get(OrderEmitter.class).publish(Routes.CONTACT_ACTION,
                    ContactOrder.of(OrderType.CONTACT_UPDATE, "c-early", "u1"));
        }
        List<String> handled = new CopyOnWriteArrayList<>();

        // when the worker starts later
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()), TestWorkers.handlers(
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class,
                        (order, ctx) -> {
                            handled.add(order.contactId());
                            return Reply.ok("updated");
                        })))) {
            // then it handles the order that waited in the stream
            TestWorkers.await(Duration.ofSeconds(10), "the early order", () -> handled.contains("c-early"));
        }
    }

    @Test
    void aHandlerThatThrowsIsRetriedWithBackoffThenDeadLetteredWithItsCause() throws Exception {
        // given a worker whose handler always fails, 4 deliveries at most, 100 ms first back-off
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        MeshConfig config = MeshConfig.forTests("mq-worker", nats.url())
                .withRetries(4, Duration.ofMillis(100), Duration.ofSeconds(2));
        try (MeshRuntime worker = MeshApp.start(config, TestWorkers.handlers(
                HandlerBinding.of(Routes.KEY_ACTION, OrderType.PUBLISH_KEY, KeyOrder.class, (order, ctx) -> {
                    attempts.add(Instant.now());
                    throw OrderFailedException.unavailable("keyserver_down", "keyserver did not answer", null);
                })));
             Connection observer = Nats.connect(nats.url())) {

            // when an order is published
            worker.get(OrderEmitter.class).publish(Routes.KEY_ACTION,
                    KeyOrder.of(OrderType.PUBLISH_KEY, "k1", "c1", "u1"));

            // then it is tried 4 times with growing delays, then dead-lettered with the error
            Message dead = nextDeadLetter(observer, "deadletter.keyAction");
            assertThat(attempts).hasSize(4);
            assertThat(Duration.between(attempts.get(2), attempts.get(3)))
                    .isGreaterThan(Duration.between(attempts.get(0), attempts.get(1)));
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE)).isEqualTo("keyserver_down");
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_ERROR)).isEqualTo("keyserver did not answer");
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_DELIVERIES)).isEqualTo("4");
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_WORKER)).startsWith("mq-worker/");
            assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).contains("\"key_id\":\"k1\"");
        }
    }

    @Test
    void aRejectedDurableOrderIsDeadLetteredAtOnceWithoutRetry() throws Exception {
        // given a worker that handles contact_update
        AtomicInteger calls = new AtomicInteger();
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()), TestWorkers.handlers(
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class,
                        (order, ctx) -> {
                            calls.incrementAndGet();
                            return Reply.ok("ok");
                        })));
             Connection raw = Nats.connect(nats.url())) {

            // when ops publish a payload with a missing key, as `nats pub contactAction` would
            raw.publish("contactAction", "{\"order\":\"contact_update\",\"user_id\":\"u1\"}".getBytes());

            // then it is dead-lettered once, naming the key, and the handler never runs
            Message dead = nextDeadLetter(raw, "deadletter.contactAction");
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_ERROR))
                    .isEqualTo("contactAction: key \"contact_id\" is missing");
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_DELIVERIES)).isEqualTo("1");
            assertThat(calls).hasValue(0);
        }
    }

    @Test
    void aQueueGroupBalancesOrdersAcrossTwoInstances() throws Exception {
        // given two instances of the same worker
        ConcurrentHashMap<String, AtomicInteger> perInstance = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        MeshRuntime first = startCounting("one", perInstance, total);
        MeshRuntime second = startCounting("two", perInstance, total);
        try (first; second; Connection client = Nats.connect(nats.url())) {
            // when 200 requests are sent
            for (int i = 0; i < 200; i++) {
                client.request("inboundTwitter", ("{\"order\":\"process_inbound\",\"message_id\":\"m" + i
                        + "\",\"remote_id\":\"r\",\"user_id\":\"u\"}").getBytes(), Duration.ofSeconds(5));
            }

            // then each was handled once and both instances took a share
            assertThat(total).hasValue(200);
            assertThat(perInstance.get("one").get()).isPositive();
            assertThat(perInstance.get("two").get()).isPositive();
        }
    }

    private static MeshRuntime startCounting(String instance, ConcurrentHashMap<String, AtomicInteger> perInstance,
                                             AtomicInteger total) throws Exception {
        perInstance.put(instance, new AtomicInteger());
        return MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()).withInstanceId(instance),
                TestWorkers.handlers(HandlerBinding.of(Routes.INBOUND_TWITTER, OrderType.PROCESS_INBOUND,
                        io.mailmesh.orders.MessageOrder.class, (order, ctx) -> {
                            perInstance.get(instance).incrementAndGet();
                            total.incrementAndGet();
                            return Reply.ok("ok");
                        })));
    }

    private static Message nextDeadLetter(Connection connection, String subject) throws Exception {
        JetStreamSubscription sub = connection.jetStream().subscribe(subject,
                PullSubscribeOptions.builder().stream(DurableTopology.DEAD_LETTER_STREAM).build());
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            List<Message> messages = sub.fetch(1, Duration.ofMillis(500));
            if (!messages.isEmpty()) {
                messages.get(0).ack();
                return messages.get(0);
            }
        }
        throw new AssertionError("no dead letter on " + subject);
    }
}
