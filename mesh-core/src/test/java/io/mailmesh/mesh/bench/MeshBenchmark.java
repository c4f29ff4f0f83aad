package io.mailmesh.mesh.bench;

import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Mesh handlers against raw jnats doing the same work on the same nats-server in the same run, 1 KiB payloads:
 * request/reply, core queue pub/sub and durable pub/sub. Starts its own nats-server on a loopback port; bounded in
 * count and time. Run: {@code bin/bench mesh} (or see the README).
 */
public final class MeshBenchmark {
    private static final String PAD = "x".repeat(900);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 20_000);
    private static final int PUBLISHES = Integer.getInteger("bench.publishes", 100_000);
    private static final int DURABLE = Integer.getInteger("bench.durable", 20_000);
    private static final int WINDOW = 32;

    public static void main(String[] args) throws Exception {
        try (NatsServer server = new NatsServer()) {
            server.start();
            String url = server.url();
            System.out.println("nats-server " + url + ", 1 KiB payloads, window " + WINDOW);
            // warm-up rounds are discarded; the second round is reported
            requestReply(url, 2_000);
            Measurement[] rr = requestReply(url, REQUESTS);
            corePubSub(url, 10_000);
            Measurement[] ps = corePubSub(url, PUBLISHES);
            durable(url, 2_000, "warmup");
            Measurement[] du = durable(url, DURABLE, "run");
            System.out.println(Measurement.compare("request/reply", rr[0], rr[1], 0.85));
            System.out.println(Measurement.compare("core queue pub/sub", ps[0], ps[1], 0.85));
            System.out.println(Measurement.compare("durable pub/sub", du[0], du[1], 0.70));
        }
    }

    private static byte[] order(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] inboundRequest(int i) {
        return order("{\"order\":\"process_inbound\",\"message_id\":\"m" + i + "\",\"remote_id\":\"r\",\"user_id\":\"u\","
                + "\"pad\":\"" + PAD + "\"}");
    }

    private static byte[] contactUpdate(long stamp) {
        return order("{\"order\":\"contact_update\",\"contact_id\":\"" + stamp + "\",\"user_id\":\"u\",\"pad\":\""
                + PAD + "\"}");
    }

    // ---------------------------------------------------------------- request/reply

    private static Measurement[] requestReply(String url, int n) throws Exception {
        Measurement mesh;
        try (MeshRuntime worker = MeshApp.start(config(url, DeliveryMode.CORE), TestWorkers.handlers(
                HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class,
                        (o, ctx) -> Reply.ok("imported")).withOptions(new HandlerOptions(Duration.ofSeconds(30), 16))))) {
            mesh = drive("mesh", url, "inboundSMTP", n);
        }
        Measurement raw;
        try (Connection responder = Nats.connect(url)) {
            byte[] reply = order("{\"error\":false,\"message\":\"imported\"}");
            Dispatcher d = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), reply));
            d.subscribe("bench.raw", "q");
            responder.flush(Duration.ofSeconds(5));
            raw = drive("raw", url, "bench.raw", n);
        }
        return new Measurement[] {mesh, raw};
    }

    private static Measurement drive(String name, String url, String subject, int n) throws Exception {
        LatencyRecorder latencies = new LatencyRecorder(n);
        Semaphore window = new Semaphore(WINDOW);
        CountDownLatch done = new CountDownLatch(n);
        try (Connection client = Nats.connect(new Options.Builder().server(url).build())) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                window.acquire();
                long sent = System.nanoTime();
                CompletableFuture<io.nats.client.Message> f = client.requestWithTimeout(subject, inboundRequest(i),
                        Duration.ofSeconds(10));
                f.whenComplete((m, e) -> {
                    latencies.record(System.nanoTime() - sent);
                    window.release();
                    done.countDown();
                });
            }
            done.await(120, TimeUnit.SECONDS);
            return new Measurement(name, n, System.nanoTime() - start, latencies.percentileMicros(50),
                    latencies.percentileMicros(99));
        }
    }

    // ---------------------------------------------------------------- core pub/sub

    private static Measurement[] corePubSub(String url, int n) throws Exception {
        LatencyRecorder meshLatency = new LatencyRecorder(n);
        CountDownLatch meshDone = new CountDownLatch(n);
        Measurement mesh;
        try (MeshRuntime worker = MeshApp.start(config(url, DeliveryMode.CORE), TestWorkers.handlers(
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class, (o, ctx) -> {
                    meshLatency.record(System.nanoTime() - Long.parseLong(o.contactId()));
                    meshDone.countDown();
                    return Reply.ok("ok");
                }).withOptions(new HandlerOptions(Duration.ofSeconds(30), 16))))) {
            mesh = publishAll("mesh", url, "contactAction", n, meshDone, meshLatency);
        }
        LatencyRecorder rawLatency = new LatencyRecorder(n);
        CountDownLatch rawDone = new CountDownLatch(n);
        Measurement raw;
        try (Connection subscriber = Nats.connect(url)) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            Dispatcher d = subscriber.createDispatcher(m -> {
                try {
                    long stamp = Long.parseLong(json.readTree(m.getData()).get("contact_id").asText());
                    rawLatency.record(System.nanoTime() - stamp);
                } catch (Exception ignored) {
                    // counted anyway
                }
                rawDone.countDown();
            });
            d.subscribe("bench.rawpub", "q");
            subscriber.flush(Duration.ofSeconds(5));
            raw = publishAll("raw", url, "bench.rawpub", n, rawDone, rawLatency);
        }
        return new Measurement[] {mesh, raw};
    }

    private static Measurement publishAll(String name, String url, String subject, int n, CountDownLatch done,
                                          LatencyRecorder latencies) throws Exception {
        try (Connection publisher = Nats.connect(url)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                publisher.publish(subject, contactUpdate(System.nanoTime()));
                if (i % 1_000 == 999) {
                    publisher.flush(Duration.ofSeconds(5)); // pace the publisher so no side becomes a slow consumer
                }
            }
            done.await(120, TimeUnit.SECONDS);
            return new Measurement(name, n, System.nanoTime() - start, latencies.percentileMicros(50),
                    latencies.percentileMicros(99));
        }
    }

    // ---------------------------------------------------------------- durable

    private static Measurement[] durable(String url, int n, String round) throws Exception {
        try (Connection publisher = Nats.connect(url)) {
            // the mesh: orders wait in MESH_ORDERS, then the worker starts and drains them
            try (MeshRuntime setup = MeshApp.start(config(url, DeliveryMode.DURABLE))) {
                prePublish(publisher.jetStream(), "contactAction", n, round);
            }
            CountDownLatch meshDone = new CountDownLatch(n);
            long meshStart = System.nanoTime();
            long meshNanos;
            try (MeshRuntime worker = MeshApp.start(config(url, DeliveryMode.DURABLE), TestWorkers.handlers(
                    HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class, (o, ctx) -> {
                        meshDone.countDown();
                        return Reply.ok("ok");
                    }).withOptions(new HandlerOptions(Duration.ofSeconds(30), 16))))) {
                meshDone.await(120, TimeUnit.SECONDS);
                meshNanos = System.nanoTime() - meshStart;
            }

            // raw: the same number of messages in a stream of its own, drained by a consumer acking explicitly
            var jsm = publisher.jetStreamManagement();
            String stream = "BENCH_" + round;
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects("bench." + round)
                    .storageType(StorageType.File).build());
            jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("raw")
                    .ackPolicy(AckPolicy.Explicit).maxAckPending(1_000).build());
            prePublish(publisher.jetStream(), "bench." + round, n, round);
            CountDownLatch rawDone = new CountDownLatch(n);
            long rawStart = System.nanoTime();
            MessageConsumer consumer = publisher.getStreamContext(stream).getConsumerContext("raw")
                    .consume(ConsumeOptions.builder().batchSize(64).build(), m -> {
                        m.ack();
                        rawDone.countDown();
                    });
            rawDone.await(120, TimeUnit.SECONDS);
            long rawNanos = System.nanoTime() - rawStart;
            consumer.stop();
            jsm.deleteStream(stream);
            jsm.purgeStream(DurableTopology.ORDERS_STREAM);
            return new Measurement[] {new Measurement("mesh", n, meshNanos, Double.NaN, Double.NaN),
                    new Measurement("raw", n, rawNanos, Double.NaN, Double.NaN)};
        }
    }

    private static void prePublish(JetStream js, String subject, int n, String round) throws Exception {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            acks[i] = js.publishAsync(subject, contactUpdate(i));
            if (i % 1_000 == 999) {
                CompletableFuture.allOf(java.util.Arrays.copyOfRange(acks, i - 999, i + 1)).get(30, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(acks).get(60, TimeUnit.SECONDS);
    }

    private static MeshConfig config(String url, DeliveryMode mode) {
        return MeshConfig.forTests("bench-worker", url).withDelivery(mode)
                .withHandlerDefaults(new HandlerOptions(Duration.ofSeconds(30), 16));
    }

    private MeshBenchmark() {
    }
}
