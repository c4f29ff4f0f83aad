package io.mailmesh.apiemitter.fanout;

import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * On-demand benchmark ({@code bin/bench fanout}, never part of {@code mvn verify}): one announce reaches 1,000
 * fanout subscribers over TCP (client line → NATS → api-emitter → 1,000 sockets), against raw NATS core pub/sub to
 * 1,000 subscriptions of one jnats connection, same nats-server, same run. Both sides publish in windows of
 * {@value #WINDOW} messages and wait for every delivery of a window before the next, so neither overflows its
 * subscribers (fanout would disconnect them as slow, NATS would flag a slow consumer). Arguments: [subscribers]
 * [messages].
 */
public final class FanoutBenchmark {
    private static final int WINDOW = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        String payload = "m".repeat(64);
        try (NatsServer nats = new NatsServer()) {
            nats.withoutJetStream();
            nats.start();
            MeshRuntime fanout = FanoutInstance.start(nats.url(), FanoutSettings.forTests());
            try {
                int port = FanoutInstance.port(fanout);
                FanoutStats stats = fanout.get(FanoutStats.class);
                double natsRate = rawNats(nats.url(), subscribers, WINDOW * 5, payload); // warm-up
                double fanoutRate = fanout(port, subscribers, WINDOW * 5, payload);
                natsRate = rawNats(nats.url(), subscribers, messages, payload);
                fanoutRate = fanout(port, subscribers, messages, payload);
                System.out.printf("%d subscribers, %d messages of %d bytes, windows of %d%n", subscribers, messages,
                        payload.length(), WINDOW);
                System.out.printf("raw NATS core:  %,12.0f deliveries/s%n", natsRate);
                System.out.printf("fanout (TCP):   %,12.0f deliveries/s%n", fanoutRate);
                System.out.printf("ratio fanout/raw NATS: %.2f   (slow disconnects: %d)%n", fanoutRate / natsRate,
                        stats.slowDisconnects());
            } finally {
                fanout.close();
            }
        }
    }

    /** Deliveries per second of {@code messages} NATS publishes to {@code subscribers} subscriptions. */
    private static double rawNats(String url, int subscribers, int messages, String payload) throws Exception {
        AtomicLong delivered = new AtomicLong();
        try (Connection subscriber = Nats.connect(Options.builder().server(url).build());
             Connection publisher = Nats.connect(Options.builder().server(url).build())) {
            Dispatcher dispatcher = subscriber.createDispatcher(m -> delivered.incrementAndGet());
            for (int i = 0; i < subscribers; i++) {
                dispatcher.subscribe("bench.raw", m -> delivered.incrementAndGet());
            }
            subscriber.flush(Duration.ofSeconds(10));
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            for (int sent = 0; sent < messages; ) {
                int batch = Math.min(WINDOW, messages - sent);
                for (int i = 0; i < batch; i++) {
                    publisher.publish("bench.raw", bytes);
                }
                sent += batch;
                awaitCount(delivered, (long) sent * subscribers, "raw NATS");
            }
            return rate(delivered.get(), start);
        }
    }

    /** Deliveries per second of {@code messages} announces to {@code subscribers} fanout clients. */
    private static double fanout(int port, int subscribers, int messages, String payload) throws Exception {
        List<SocketChannel> sockets = new ArrayList<>();
        AtomicLong delivered = new AtomicLong();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < subscribers; i++) {
                SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                sockets.add(socket);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.socket().getInputStream(),
                        StandardCharsets.US_ASCII), 64);
                socket.write(ByteBuffer.wrap("subscribe bench\n".getBytes(StandardCharsets.US_ASCII)));
                expect(in, "debug!connected...");
                expect(in, "debug!subscribed bench");
                socket.configureBlocking(false);
                socket.register(selector, SelectionKey.OP_READ);
            }
            Thread reader = new Thread(() -> countLines(selector, delivered), "bench-reader");
            reader.setDaemon(true);
            reader.start();
            try (SocketChannel announcer = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                byte[] line = ("announce bench " + payload + "\n").getBytes(StandardCharsets.US_ASCII);
                long start = System.nanoTime();
                for (int sent = 0; sent < messages; ) {
                    int batch = Math.min(WINDOW, messages - sent);
                    ByteBuffer buffer = ByteBuffer.allocate(line.length * batch);
                    for (int i = 0; i < batch; i++) {
                        buffer.put(line);
                    }
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        announcer.write(buffer);
                    }
                    sent += batch;
                    awaitCount(delivered, (long) sent * subscribers, "fanout");
                }
                return rate(delivered.get(), start);
            } finally {
                reader.interrupt();
                selector.wakeup();
                reader.join(5_000);
            }
        } finally {
            for (SocketChannel socket : sockets) {
                socket.close();
            }
        }
    }

    /** Counts newline bytes arriving on every registered socket until interrupted. */
    private static void countLines(Selector selector, AtomicLong lines) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    buffer.clear();
                    int read = ((SocketChannel) key.channel()).read(buffer);
                    if (read < 0) {
                        key.cancel();
                        continue;
                    }
                    long newlines = 0;
                    for (int i = 0; i < read; i++) {
                        if (buffer.get(i) == '\n') {
                            newlines++;
                        }
                    }
                    lines.addAndGet(newlines);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void expect(BufferedReader in, String line) throws IOException {
        String read = in.readLine();
        if (!line.equals(read)) {
            throw new IllegalStateException("expected " + line + ", got " + read);
        }
    }

    /** Waits (parking 50 µs at a time) until {@code counter} reaches {@code target}; fails after the timeout. */
    private static void awaitCount(AtomicLong counter, long target, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + counter.get() + " of " + target + " delivered in "
                        + TIMEOUT);
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static double rate(long count, long startNanos) {
        return count / ((System.nanoTime() - startNanos) / 1e9);
    }
}
