package io.mailmesh.smtpbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.FreePorts;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.smtpbridge.SmtpBridgeMain;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.support.DeliveredMarks;
import io.mailmesh.smtpbridge.support.BridgeFixture;
import io.mailmesh.smtpbridge.support.Seeds;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many large inbound mails at once stay within a small heap: smtp-bridge runs as its own JVM with {@value #HEAP}
 * (and dies on an OutOfMemoryError), and 16 senders each send an 8 MiB mail at the same time, 128 MiB in all. A
 * mail held whole in heap (let alone twice) would not fit; spooled to files and streamed to the object store,
 * every one is accepted, stored whole and handed to mq-worker (a stand-in here, in this JVM).
 */
class InboundHeapBoundTest {
    static final String HEAP = "-Xmx64m";
    private static final int SENDERS = 16;
    private static final int MAIL_BYTES = 8 * 1024 * 1024;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @TempDir
    Path spool;

    @Test
    void givenABridgeWith64MiBOfHeap_when16Senders8MiBEachAtOnce_thenEveryMailIsAcceptedStoredAndProcessed()
            throws Exception {
        // given smtp-bridge in its own small-heap JVM, the store both sides use, and a local recipient
        int smtpPort = freePort();
        Map<String, String> env = Map.of("NATS_URL", nats.url(), "MESH_PROFILE", "development",
                "MESH_STORE_STORAGE", "memory", "MESH_STORE_BUCKET_PREFIX", "t_",
                "MESH_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]),
                "MESH_HTTP_PORT", String.valueOf(freePort()), "SMTP_LISTEN", "127.0.0.1:" + smtpPort,
                "SMTP_PRIMARY_HOST", "mesh.test", "SMTP_SPOOL_DIR", spool.toString(), "SMTP_INBOUND_TIMEOUT", "60");
        Process bridge = startBridge(env, spool.resolve("bridge.log"));
        List<MessageOrder> orders = new CopyOnWriteArrayList<>();
        try (Connection connection = Nats.connect(nats.url());
             MeshRuntime worker = BridgeFixture.startWorker(nats.url(), "mq-worker", TestWorkers.handlers(
                     HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class,
                             (order, ctx) -> {
                                 // a stand-in for mq-worker that does not parse 8 MiB mails: the bridge's heap is
                                 // under test, not the worker's
                                 orders.add(order);
                                 return Reply.ok("message processed", Map.of("message_id", order.messageId(),
                                         "discussion_id", "d"));
                             })))) {
            MeshStore store = JetStreamMeshStore.open(connection, StoreSettings.from(env, true));
            Identity inbox = new Seeds(store).localIdentity(Seeds.user(), Seeds.address("big", "mesh.test"), null);
            TestWorkers.await(Duration.ofSeconds(90), "smtp-bridge to listen", () -> {
                assertThat(bridge.isAlive()).as("smtp-bridge is running (log %s)", spool.resolve("bridge.log"))
                        .isTrue();
                return accepts(smtpPort);
            });

            // when 16 senders each send an 8 MiB mail at the same time
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<String>> replies = new ArrayList<>();
            try {
                for (int i = 0; i < SENDERS; i++) {
                    int index = i;
                    replies.add(senders.submit(() -> send(smtpPort, inbox.address(), index)));
                }
                List<String> answers = new ArrayList<>();
                for (Future<String> reply : replies) {
                    answers.add(reply.get(3, TimeUnit.MINUTES));
                }

                // then every mail is accepted, stored whole and processed once, and the bridge is still up
                assertThat(answers).hasSize(SENDERS).allMatch(a -> a.startsWith("250"), "a 250 reply");
            } finally {
                senders.shutdownNow();
            }
            assertThat(bridge.isAlive()).as("smtp-bridge survived with " + HEAP).isTrue();
            assertThat(orders).hasSize(SENDERS).allMatch(o -> o.remoteId().equals(inbox.id()));
            assertThat(orders.stream().map(MessageOrder::messageId).distinct()).hasSize(SENDERS);
            for (MessageOrder order : orders) {
                assertThat(store.rawMessages().rawMessage(order.messageId()).size()).isGreaterThan(MAIL_BYTES);
                assertThat(DeliveredMarks.markedWithinLimit(store, order.messageId())).isTrue();
            }
            // and a stored mail reads back whole, its trace header first
            byte[] one = store.rawMessages().rawMessageBytes(orders.get(0).messageId());
            assertThat(one.length).isGreaterThan(MAIL_BYTES);
            assertThat(new String(one, 0, 200, StandardCharsets.US_ASCII)).startsWith("Return-Path: <s@sender.test>");
            assertThat(new String(one, one.length - 80, 80, StandardCharsets.US_ASCII))
                    .contains("repeated to make eight MiB...");
            // and no spooled file is left behind
            try (var files = Files.list(spool)) {
                assertThat(files.filter(f -> f.getFileName().toString().startsWith("inbound-"))).isEmpty();
            }
        } finally {
            bridge.destroy();
            if (!bridge.waitFor(20, TimeUnit.SECONDS)) {
                bridge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startBridge(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SmtpBridgeMain.class.getName()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().keySet().removeIf(k -> !List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR")
                .contains(k));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** One SMTP transaction with an 8 MiB body generated as it is written; the reply to the data. */
    private static String send(int port, String to, int index) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            expect(in, "220");
            for (String[] step : new String[][] {{"EHLO sender.test", "250"}, {"MAIL FROM:<s@sender.test>", "250"},
                    {"RCPT TO:<" + to + ">", "250"}, {"DATA", "354"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expect(in, step[1]);
            }
            out.write(("From: s@sender.test\r\nTo: " + to + "\r\nSubject: big " + index + "\r\nMessage-ID: <big-"
                    + index + "@sender.test>\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] line = ("mail " + index + " line of seventy-odd characters, repeated to make eight MiB...\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written < MAIL_BYTES; written += line.length) {
                out.write(line);
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply(in);
        }
    }

    private static void expect(InputStream in, String code) throws IOException {
        String reply = reply(in);
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + reply);
        }
    }

    private static String reply(InputStream in) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c == -1) {
                    throw new IOException("connection closed after " + line);
                }
                line.append((char) c);
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line.toString().trim();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
