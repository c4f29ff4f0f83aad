package io.mailmesh.apiemitter.middleman;

import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.mesh.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * On-demand benchmark ({@code bin/bench middleman [-- SUBSCRIBERS MESSAGES ROUND_TRIPS]}), never part of
 * {@code mvn verify}: one PUB to 1,000 WebSocket subscribers (messages delivered per second) against raw NATS core
 * pub/sub to 1,000 subscriptions, and REQ/RES round trips per second (one at a time, then 64 in flight) against
 * jnats request/reply, all in the same run on one loopback nats-server.
 */
public final class MiddlemanBenchmark {
    private static final String KEY = "bench-service-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int RAW_CONNECTIONS = 10;

    public static void main(String[] args) {
        // exec:java waits for every non-daemon thread before it reports the outcome, and Javalin's WebSocket ping
        // thread is one: the outcome is reported here and the JVM ended
        int status = 0;
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int roundTrips = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        try (NatsServer nats = new NatsServer()) {
            nats.start();
            try (ApiFixture api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(10), new MiddlemanModule(
                    MiddlemanSettings.defaults().withKeys(List.of(KEY), List.of())
                            .withLimits(MiddlemanSettings.DEFAULT_MAX_FRAME_BYTES, 1_000_000, 1_000, 1_000)));
                 Connection publisher = ApiFixture.connect(nats.url());
                 Connection subscriber = ApiFixture.connect(nats.url())) {
                fanOut(subscribers, 20, api);
                double raw;
                try {
                    raw = rawFanOut(nats.url(), subscribers, messages, publisher);
                } catch (IllegalStateException e) {
                    List<String> log = java.nio.file.Files.readAllLines(nats.logFile());
                    log.subList(Math.max(0, log.size() - 20), log.size()).forEach(System.err::println);
                    throw e;
                }
                double ws = fanOut(subscribers, messages, api);
                System.out.printf("fan-out to %d subscribers, %d messages: middleman %,.0f deliveries/s | raw NATS "
                        + "%,.0f deliveries/s | ratio %.2f%n", subscribers, messages, ws, raw, ws / raw);
                for (int window : new int[] {1, 64}) {
                    double rawRr = rawRoundTrips(roundTrips, window, publisher, subscriber);
                    double wsRr = roundTrips(roundTrips, window, api);
                    System.out.printf("REQ/RES, %d in flight, %d round trips: middleman %,.0f/s | jnats request/reply "
                            + "%,.0f/s | ratio %.2f%n", window, roundTrips, wsRr, rawRr, wsRr / rawRr);
                }
            }
        }
    }

    /** Middleman: PUBs from one service to {@code subscribers} WebSocket connections; deliveries per second. */
    private static double fanOut(int subscribers, int messages, ApiFixture api) throws Exception {
        CountDownLatch delivered = new CountDownLatch(subscribers * messages);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            CountDownLatch ok = new CountDownLatch(1);
            WebSocket socket = connect(api.port, new Counting(ok, delivered));
            socket.sendText(KEY, true).join();
            if (!ok.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("subscriber " + i + " got no MM OK");
            }
            socket.sendText("SUB bench.fanout", true).join();
            sockets.add(socket);
        }
        CountDownLatch publisherOk = new CountDownLatch(1);
        WebSocket publisher = connect(api.port, new Counting(publisherOk, new CountDownLatch(0)));
        publisher.sendText(KEY, true).join();
        publisherOk.await(10, TimeUnit.SECONDS);
        awaitSubscribed(api, subscribers);
        String frame = "PUB bench.fanout\n\n" + "x".repeat(64) + "\n.\n";
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            publisher.sendText(frame, true).join();
        }
        if (!delivered.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (subscribers * messages - delivered.getCount()) + " deliveries");
        }
        double perSecond = subscribers * (double) messages / ((System.nanoTime() - start) / 1e9);
        sockets.forEach(WebSocket::abort);
        publisher.abort();
        awaitSubscribed(api, 0);
        return perSecond;
    }

    private static void awaitSubscribed(ApiFixture api, int subscriptions) {
        MiddlemanMetrics metrics = api.runtime.get(MiddlemanMetrics.class);
        try {
            ApiFixture.await(Duration.ofSeconds(120), subscriptions + " subscriptions",
                    () -> metrics.subscriptions() == subscriptions);
        } catch (AssertionError e) {
            throw new IllegalStateException(e.getMessage() + " (" + metrics.subscriptions() + " now, "
                    + metrics.connections(Role.SERVICE) + " connections, " + metrics.slowConsumers()
                    + " slow consumers)", e);
        }
    }

    /**
     * Raw NATS core: one publisher, {@code subscribers} subscriptions spread over ten connections (one connection
     * reading every copy falls behind nats-server's write deadline on a small machine); deliveries per second.
     */
    private static double rawFanOut(String url, int subscribers, int messages, Connection publisher)
            throws Exception {
        CountDownLatch delivered = new CountDownLatch(subscribers * messages);
        List<Connection> connections = new ArrayList<>();
        for (int c = 0; c < RAW_CONNECTIONS; c++) {
            Connection connection = Nats.connect(Options.builder().server(url).maxReconnects(0)
                    .errorListener(new ErrorListener() {
                        @Override
                        public void slowConsumerDetected(Connection conn, Consumer consumer) {
                            System.err.println("raw side: slow consumer");
                        }
                    }).build());
            Dispatcher dispatcher = connection.createDispatcher();
            dispatcher.setPendingLimits(-1, -1);
            for (int i = c; i < subscribers; i += RAW_CONNECTIONS) {
                // with a handler each call is a subscription of its own; without one, jnats keeps one per subject
                dispatcher.subscribe("bench.raw.fanout", m -> delivered.countDown());
            }
            connection.flush(Duration.ofSeconds(5));
            connections.add(connection);
        }
        byte[] payload = "x".repeat(64).getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            publisher.publish("bench.raw.fanout", payload);
        }
        if (!delivered.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("raw fan-out incomplete: " + (subscribers * messages
                    - delivered.getCount()) + " deliveries");
        }
        double perSecond = subscribers * (double) messages / ((System.nanoTime() - start) / 1e9);
        for (Connection connection : connections) {
            connection.close();
        }
        return perSecond;
    }

    /** Middleman REQ/RES between two WebSocket connections, {@code window} in flight; round trips per second. */
    private static double roundTrips(int count, int window, ApiFixture api) throws Exception {
        CountDownLatch serviceOk = new CountDownLatch(1);
        WebSocket service = connect(api.port, new Echoing(serviceOk));
        service.sendText(KEY, true).join();
        serviceOk.await(10, TimeUnit.SECONDS);
        service.sendText("SUB bench.rr", true).join();
        awaitSubscribed(api, 1);
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch answered = new CountDownLatch(count);
        CountDownLatch requesterOk = new CountDownLatch(1);
        WebSocket requester = connect(api.port, new Answered(requesterOk, inFlight, answered));
        requester.sendText(KEY, true).join();
        requesterOk.await(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            requester.sendText("REQ bench.rr\nReqID:" + i + "\n\nping\n.\n", true).join();
        }
        if (!answered.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (count - answered.getCount()) + " RES");
        }
        double perSecond = count / ((System.nanoTime() - start) / 1e9);
        service.abort();
        requester.abort();
        awaitSubscribed(api, 0);
        return perSecond;
    }

    /** jnats request/reply, {@code window} in flight; round trips per second. */
    private static double rawRoundTrips(int count, int window, Connection requester, Connection responder)
            throws Exception {
        Dispatcher dispatcher = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
        dispatcher.subscribe("bench.raw.rr", "q");
        responder.flush(Duration.ofSeconds(5));
        byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch answered = new CountDownLatch(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            requester.request("bench.raw.rr", ping).whenComplete((reply, error) -> {
                inFlight.release();
                answered.countDown();
            });
        }
        answered.await(120, TimeUnit.SECONDS);
        double perSecond = count / ((System.nanoTime() - start) / 1e9);
        responder.closeDispatcher(dispatcher);
        return perSecond;
    }

    private static WebSocket connect(int port, WebSocket.Listener listener) {
        return HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + MiddlemanRoutes.PATH),
                listener).join();
    }

    /** Counts delivered frames after {@code MM OK}. */
    private record Counting(CountDownLatch ok, CountDownLatch delivered) implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (ok.getCount() > 0) {
                ok.countDown();
            } else if (last) {
                delivered.countDown();
            }
            return null;
        }
    }

    /** A service answering every REQ at once, echoing its body. */
    private static final class Echoing implements WebSocket.Listener {
        private final CountDownLatch ok;
        private final AtomicReference<CompletableFuture<WebSocket>> last = new AtomicReference<>();
        private final StringBuilder partial = new StringBuilder();

        Echoing(CountDownLatch ok) {
            this.ok = ok;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            last.set(CompletableFuture.completedFuture(webSocket));
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean isLast) {
            partial.append(data);
            if (!isLast) {
                return null;
            }
            String frame = partial.toString();
            partial.setLength(0);
            if (ok.getCount() > 0) {
                ok.countDown();
                return null;
            }
            String[] lines = frame.split("\n");
            String res = "RES bench.rr\n" + lines[1] + "\n\n" + lines[3] + "\n.\n";
            last.set(last.get().thenCompose(ws -> ws.sendText(res, true)));
            return null;
        }
    }

    /** A requester counting RES frames and releasing a slot for each. */
    private record Answered(CountDownLatch ok, Semaphore inFlight, CountDownLatch answered)
            implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (ok.getCount() > 0) {
                ok.countDown();
            } else if (last) {
                if (data.toString().startsWith("ERR")) {
                    System.err.println(data);
                }
                inFlight.release();
                answered.countDown();
            }
            return null;
        }
    }
}
