package io.mailmesh.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class LifecycleAndDiscoveryTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OrderCodec codec = new OrderCodec();

    private static HandlerBinding<MessageOrder> inbound(CountDownLatch started, Duration work) {
        return HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class, (order, ctx) -> {
            started.countDown();
            Thread.sleep(work.toMillis()); // simulated work the stop must wait for
            return Reply.ok("imported " + order.messageId());
        });
    }

    @Test
    void aStopFinishesTheWorkInFlight() throws Exception {
        // given a request in the middle of a handler that takes 700 ms
        CountDownLatch started = new CountDownLatch(1);
        MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(inbound(started, Duration.ofMillis(700))));
        try (Connection client = Nats.connect(nats.url())) {
            CompletableFuture<Message> reply = client.request("inboundSMTP",
                    "{\"order\":\"process_inbound\",\"message_id\":\"m1\",\"remote_id\":\"r\",\"user_id\":\"u\"}".getBytes());
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            // when the worker is stopped (as on SIGTERM)
            worker.close();

            // then the request still got its successful reply
            assertThat(codec.decodeReply(reply.get(5, TimeUnit.SECONDS).getData())).isEqualTo(Reply.ok("imported m1"));
        }
    }

    @Test
    void aLifecycleTheHandlersUseStopsOnlyAfterTheyFinish() throws Exception {
        // given a handler in the middle of an order, and a pool it uses that stops after the handlers
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        io.mailmesh.mesh.handler.Lifecycle pool = new io.mailmesh.mesh.handler.Lifecycle() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
                events.add("pool stopped");
            }

            @Override
            public StopOrder stopOrder() {
                return StopOrder.AFTER_HANDLERS;
            }
        };
        MeshRuntime worker = MeshApp.start(MeshConfig.forTests("imap-bridge", nats.url()),
                TestWorkers.handlers(HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND,
                        MessageOrder.class, (order, ctx) -> {
                            started.countDown();
                            Thread.sleep(300); // simulated work that uses the pool
                            events.add("handler done");
                            return Reply.ok("ok");
                        })),
                new com.google.inject.AbstractModule() {
                    @Override
                    protected void configure() {
                        MeshBindings.lifecycles(binder()).addBinding().toInstance(pool);
                    }
                });
        try (Connection client = Nats.connect(nats.url())) {
            client.request("inboundSMTP",
                    "{\"order\":\"process_inbound\",\"message_id\":\"m1\",\"remote_id\":\"r\",\"user_id\":\"u\"}".getBytes());
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

            // when the worker stops
            worker.close();

            // then the handler finished before the pool was stopped
            assertThat(events).containsExactly("handler done", "pool stopped");
        }
    }

    @Test
    void srvInfoListsEveryEndpointWithItsSubjectAndQueueGroup() throws Exception {
        // given a worker with a request/reply and a durable route
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()), TestWorkers.handlers(
                inbound(new CountDownLatch(1), Duration.ZERO),
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class,
                        (order, ctx) -> Reply.ok("ok"))));
             Connection client = Nats.connect(nats.url())) {

            // when ops ask for the service info, as `nats micro info mq-worker` does
            JsonNode info = JSON.readTree(client.request("$SRV.INFO.mq-worker", new byte[0], Duration.ofSeconds(5))
                    .getData());

            // then both endpoints are listed with their real subject and queue group
            assertThat(info.get("type").asText()).isEqualTo("io.nats.micro.v1.info_response");
            assertThat(info.get("name").asText()).isEqualTo("mq-worker");
            assertThat(info.get("endpoints")).extracting(e -> e.get("subject").asText() + "/"
                    + e.get("queue_group").asText()).containsExactlyInAnyOrder("inboundSMTP/SMTPqueue",
                    "contactAction/contactQueue");
        }
    }

    @Test
    void srvStatsCountDurableOrdersToo() throws Exception {
        // given a worker handling a durable route
        CountDownLatch handled = new CountDownLatch(1);
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()), TestWorkers.handlers(
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class,
                        (order, ctx) -> {
                            handled.countDown();
                            return Reply.ok("ok");
                        })));
             Connection client = Nats.connect(nats.url())) {
            worker.get(OrderEmitter.class).publish(Routes.CONTACT_ACTION,
                    ContactOrder.of(OrderType.CONTACT_UPDATE, "c1", "u1"));
            assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();

            // when ops ask for stats
            TestWorkers.await(Duration.ofSeconds(5), "stats to count the order", () -> {
                try {
                    JsonNode stats = JSON.readTree(client.request("$SRV.STATS.mq-worker", new byte[0],
                            Duration.ofSeconds(5)).getData());
                    return stats.get("endpoints").get(0).get("num_requests").asLong() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void theManagementPortReportsHealthReadinessAndMetrics() throws Exception {
        // given a running worker
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(inbound(new CountDownLatch(1), Duration.ZERO)));
             Connection client = Nats.connect(nats.url())) {
            client.request("inboundSMTP", "{\"order\":\"process_inbound\",\"message_id\":\"m\",\"remote_id\":\"r\",\"user_id\":\"u\"}"
                    .getBytes(), Duration.ofSeconds(5));
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + worker.managementPort();

            // when probed
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("mesh_orders_seconds_count{", "subject=\"inboundSMTP\"",
                    "order=\"process_inbound\"", "outcome=\"ok\"");
        }
    }

    @Test
    void readyzSaysNotReadyWhileNatsIsDown() throws Exception {
        // given a running worker
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(inbound(new CountDownLatch(1), Duration.ZERO)))) {
            HttpClient http = HttpClient.newHttpClient();
            URI readyz = URI.create("http://127.0.0.1:" + worker.managementPort() + "/readyz");

            // when the server goes away, then readiness drops; when it returns, readiness returns
            nats.server().stop();
            try {
                TestWorkers.await(Duration.ofSeconds(10), "not ready", () -> status(http, readyz) == 503);
            } finally {
                nats.server().start();
            }
            TestWorkers.await(Duration.ofSeconds(15), "ready again", () -> status(http, readyz) == 200);
        }
    }

    @Test
    void aStopWhileNatsIsDownDoesNotWaitForAReconnect() throws Exception {
        // given a running worker whose server has gone away (its drain timeout is 10 s)
        MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(inbound(new CountDownLatch(1), Duration.ZERO)));
        nats.server().stop();
        try {
            TestWorkers.await(Duration.ofSeconds(10), "the disconnect", () -> !worker.isReady());

            // when it is stopped
            CompletableFuture<Void> stop = CompletableFuture.runAsync(worker::close);

            // then it stops without spending its drain timeout waiting for NATS
            stop.get(5, TimeUnit.SECONDS);
        } finally {
            nats.server().start();
        }
    }

    @Test
    void noSecretReachesALogLine() throws Exception {
        // given logs captured and a NATS URL carrying a password
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        String url = nats.url().replace("nats://", "nats://admin:hunter2-secret@");
        try {
            // when a worker starts, handles an order, fails one and stops
            try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", url),
                    TestWorkers.handlers(inbound(new CountDownLatch(1), Duration.ZERO)));
                 Connection client = Nats.connect(nats.url())) {
                client.request("inboundSMTP", "{\"order\":\"process_inbound\"}".getBytes(), Duration.ofSeconds(5));
                assertThat(worker.config().toString()).doesNotContain("hunter2");
            }
        } finally {
            root.detachAppender(logs);
        }

        // then the password is in no log line, though the URL was logged
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("hunter2"));
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("nats://***@127.0.0.1"));
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
