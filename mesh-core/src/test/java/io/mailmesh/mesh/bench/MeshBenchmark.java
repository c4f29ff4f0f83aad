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
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", HandlerOptions.DEFAULTS.maxConcurrent());

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int WARMUP_RUNS = Integer.getInteger("bench.warmups", 3);

    /** One scenario run: both sides, mesh first or raw first. */
    @FunctionalInterface
    private interface Scenario {
        Measurement[] run(boolean meshFirst, String round) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        try (NatsServer server = new NatsServer()) {
            server.start();
            String url = server.url();
            System.out.println("nats-server " + url + ", 1 KiB payloads, request window " + WINDOW
                    + ", mesh handler concurrency " + CONCURRENCY + ", " + ROUNDS + " rounds after a full warm-up,"
                    + " sides alternating, median reported");
            // raw jnats doing the same work by hand: reads the order's JSON and writes the reply's with Jackson
            System.out.println(measure("request/reply", 0.85,
                    (meshFirst, r) -> requestReply(url, REQUESTS, meshFirst, true)));
            // and, for reference, a responder that reads nothing and sends a constant reply
            System.out.println(measure("  vs an echo responder", Double.NaN,
                    (meshFirst, r) -> requestReply(url, REQUESTS, meshFirst, false)));
            System.out.println(measure("core queue pub/sub", 0.85, (meshFirst, r) -> corePubSub(url, PUBLISHES, meshFirst)));
            System.out.println(measure("durable pub/sub", 0.70, (meshFirst, r) -> durable(url, DURABLE, r, meshFirst)));
        }
    }

    private static String measure(String name, double target, Scenario scenario) throws Exception {
        // warm-up: the mesh side runs far more code than the raw one, and one run left the JIT compilers busy in the
        // first measured rounds
        for (int i = 0; i < WARMUP_RUNS; i++) {
            scenario.run(true, "warmup" + i);
        }
        java.util.List<Measurement> mesh = new java.util.ArrayList<>();
        java.util.List<Measurement> raw = new java.util.ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Measurement[] pair = scenario.run(round % 2 == 1, "r" + round);
            mesh.add(pair[0]);
            raw.add(pair[1]);
        }
        return Measurement.compare(name, median(mesh), median(raw), target);
    }

    private static Measurement median(java.util.List<Measurement> runs) {
        java.util.List<Measurement> sorted = new java.util.ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Measurement::perSecond));
        return sorted.get(sorted.size() / 2);
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

    private static Measurement[] requestReply(String url, int n, boolean meshFirst, boolean rawReadsJson)
            throws Exception {
        if (meshFirst) {
            Measurement mesh = meshRequestReply(url, n);
            return new Measurement[] {mesh, rawRequestReply(url, n, rawReadsJson)};
        }
        Measurement raw = rawRequestReply(url, n, rawReadsJson);
        return new Measurement[] {meshRequestReply(url, n), raw};
    }

    private static Measurement meshRequestReply(String url, int n) throws Exception {
        try (MeshRuntime worker = MeshApp.start(config(url, DeliveryMode.CORE), TestWorkers.handlers(
                HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class,
                        (o, ctx) -> Reply.ok("imported")).withOptions(new HandlerOptions(Duration.ofSeconds(30), CONCURRENCY))))) {
            return drive("mesh", url, "inboundSMTP", n);
        }
    }

    /**
     * A plain jnats responder. Reading JSON, it does by hand what the mesh handler's order and reply need: parses
     * the order, reads its keys, and writes the reply with Jackson; otherwise it sends a constant reply.
     */
    private static Measurement rawRequestReply(String url, int n, boolean readsJson) throws Exception {
        try (Connection responder = Nats.connect(url)) {
            byte[] constant = order("{\"error\":false,\"message\":\"imported\"}");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            Dispatcher d = responder.createDispatcher(m -> {
                byte[] reply = constant;
                if (readsJson) {
                    try {
                        var order = json.readTree(m.getData());
                        String wanted = order.path("order").asText() + order.path("message_id").asText()
                                + order.path("remote_id").asText() + order.path("user_id").asText();
                        reply = json.writeValueAsBytes(java.util.Map.of("error", wanted.isEmpty(), "message",
                                "imported"));
                    } catch (java.io.IOException e) {
                        reply = order("{\"error\":true,\"message\":\"malformed\"}");
                    }
                }
                responder.publish(m.getReplyTo(), reply);
            });
            d.subscribe("bench.raw", "q");
            responder.flush(Duration.ofSeconds(5));
            return drive("raw", url, "bench.raw", n);
        }
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

    private static Measurement[] corePubSub(String url, int n, boolean meshFirst) throws Exception {
        if (meshFirst) {
            Measurement mesh = meshPubSub(url, n);
            return new Measurement[] {mesh, rawPubSub(url, n)};
        }
        Measurement raw = rawPubSub(url, n);
        return new Measurement[] {meshPubSub(url, n), raw};
    }

    private static Measurement meshPubSub(String url, int n) throws Exception {
        LatencyRecorder meshLatency = new LatencyRecorder(n);
        CountDownLatch meshDone = new CountDownLatch(n);
        try (MeshRuntime worker = MeshApp.start(config(url, DeliveryMode.CORE), TestWorkers.handlers(
                HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class, (o, ctx) -> {
                    meshLatency.record(System.nanoTime() - Long.parseLong(o.contactId()));
                    meshDone.countDown();
                    return Reply.ok("ok");
                }).withOptions(new HandlerOptions(Duration.ofSeconds(30), CONCURRENCY))))) {
            return publishAll("mesh", url, "contactAction", n, meshDone, meshLatency);
        }
    }

    private static Measurement rawPubSub(String url, int n) throws Exception {
        LatencyRecorder rawLatency = new LatencyRecorder(n);
        CountDownLatch rawDone = new CountDownLatch(n);
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
            return publishAll("raw", url, "bench.rawpub", n, rawDone, rawLatency);
        }
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

    private static Measurement[] durable(String url, int n, String round, boolean meshFirst) throws Exception {
        if (meshFirst) {
            Measurement mesh = meshDurable(url, n);
            return new Measurement[] {mesh, rawDurable(url, n, round)};
        }
        Measurement raw = rawDurable(url, n, round);
        return new Measurement[] {meshDurable(url, n), raw};
    }

    /** The orders wait in MESH_ORDERS; then the worker starts and drains them. */
    private static Measurement meshDurable(String url, int n) throws Exception {
        try (Connection publisher = Nats.connect(url)) {
            try (MeshRuntime setup = MeshApp.start(config(url, DeliveryMode.DURABLE))) {
                prePublish(publisher.jetStream(), "contactAction", n);
            }
            CountDownLatch done = new CountDownLatch(n);
            long start = System.nanoTime();
            long nanos;
            try (MeshRuntime worker = MeshApp.start(config(url, DeliveryMode.DURABLE), TestWorkers.handlers(
                    HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class, (o, ctx) -> {
                        done.countDown();
                        return Reply.ok("ok");
                    }).withOptions(new HandlerOptions(Duration.ofSeconds(30), CONCURRENCY))))) {
                done.await(120, TimeUnit.SECONDS);
                nanos = System.nanoTime() - start;
            }
            publisher.jetStreamManagement().purgeStream(DurableTopology.ORDERS_STREAM);
            return new Measurement("mesh", n, nanos, Double.NaN, Double.NaN);
        }
    }

    /**
     * The same number of messages in a stream of its own, drained by one consumer that reads each order's JSON and
     * acks it explicitly.
     */
    private static Measurement rawDurable(String url, int n, String round) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Connection connection = Nats.connect(url)) {
            var jsm = connection.jetStreamManagement();
            String stream = "BENCH_" + round;
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects("bench." + round)
                    .storageType(StorageType.File).build());
            jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("raw")
                    .ackPolicy(AckPolicy.Explicit).maxAckPending(1_000).build());
            prePublish(connection.jetStream(), "bench." + round, n);
            CountDownLatch done = new CountDownLatch(n);
            long start = System.nanoTime();
            MessageConsumer consumer = connection.getStreamContext(stream).getConsumerContext("raw")
                    .consume(ConsumeOptions.builder().batchSize(64).build(), m -> {
                        try {
                            json.readTree(m.getData()).path("contact_id").asText(); // the order, read by hand
                        } catch (java.io.IOException e) {
                            // acked anyway
                        }
                        m.ack();
                        done.countDown();
                    });
            done.await(120, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            consumer.stop();
            jsm.deleteStream(stream);
            return new Measurement("raw", n, nanos, Double.NaN, Double.NaN);
        }
    }

    private static void prePublish(JetStream js, String subject, int n) throws Exception {
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
                .withHandlerDefaults(new HandlerOptions(Duration.ofSeconds(30), CONCURRENCY));
    }

    private MeshBenchmark() {
    }
}
