package io.mailmesh.smtpbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.smtpbridge.support.BridgeFixture;
import io.mailmesh.smtpbridge.support.FakeMqWorker;
import io.mailmesh.smtpbridge.support.Seeds;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DATA as a hostile sender writes it, over a raw socket, through the chunked DATA reader: 8-bit and invalid UTF-8
 * bytes, bare CR and LF, stuffed dots, a mail over the size limit, and a connection dropped mid-DATA. Each gets a
 * clear reply (or nothing stored), and the listener goes on serving.
 */
class InboundHostileDataTest {
    private static final int MAX_SIZE = 64 * 1024;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static MeshRuntime bridge;
    static MeshStore store;
    static Seeds seeds;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        bridge = BridgeFixture.start(nats.url(), BridgeFixture.settings(BridgeFixture.plainRelay(1), MAX_SIZE,
                Duration.ofSeconds(5)));
        store = bridge.get(MeshStore.class);
        seeds = new Seeds(store);
        port = bridge.get(InboundSmtpListener.class).port();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @Test
    void givenHostileBytesAndStuffedDots_whenSent_thenStoredUnstuffedByteForByteAndTheSessionGoesOn()
            throws Exception {
        Identity gil = seeds.localIdentity(Seeds.user(), Seeds.address("gil", "mesh.test"), null);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("Message-ID: <hostile-1@example.org>\r\nSubject: hostile\r\nTo: " + gil.address() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes("caf\u00e9 \u2603\r\n".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\r', '\n'});
        body.writeBytes("bare\rCR and bare\nLF\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] expected = body.toByteArray();
        body.writeBytes("..stuffed\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)); // the second line ends DATA
        try (FakeMqWorker worker = new FakeMqWorker(nats.url(), store); Smtp smtp = new Smtp(port)) {
            // when
            smtp.envelope(gil.address());
            assertThat(smtp.command("DATA")).startsWith("354");
            assertThat(smtp.send(body.toByteArray())).startsWith("250");

            // then the mail is stored as sent, the stuffed dot undone
            String rawId = worker.orders().get(0).messageId();
            byte[] stored = store.rawMessages().rawMessageBytes(rawId);
            ByteArrayOutputStream wanted = new ByteArrayOutputStream();
            wanted.writeBytes(expected);
            wanted.writeBytes(".stuffed\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(endOf(stored, wanted.size())).isEqualTo(wanted.toByteArray());
            // and the same session takes the next command
            assertThat(smtp.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void givenAMailOverTheSizeLimit_whenSent_thenRefusedWith552AndTheSessionGoesOn() throws Exception {
        Identity hal = seeds.localIdentity(Seeds.user(), Seeds.address("hal", "mesh.test"), null);
        try (FakeMqWorker worker = new FakeMqWorker(nats.url(), store); Smtp smtp = new Smtp(port)) {
            smtp.envelope(hal.address());
            assertThat(smtp.command("DATA")).startsWith("354");
            String line = "x".repeat(998) + "\r\n";
            assertThat(smtp.send(("Subject: big\r\n\r\n" + line.repeat(2 * MAX_SIZE / line.length()) + ".\r\n")
                    .getBytes(StandardCharsets.US_ASCII))).startsWith("552");
            assertThat(worker.orders()).isEmpty();
            assertThat(smtp.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void givenAConnectionDroppedMidData_thenNothingIsHandedOverAndTheNextSenderIsServed() throws Exception {
        Identity ivy = seeds.localIdentity(Seeds.user(), Seeds.address("ivy", "mesh.test"), null);
        try (FakeMqWorker worker = new FakeMqWorker(nats.url(), store)) {
            try (Smtp dropped = new Smtp(port)) {
                dropped.envelope(ivy.address());
                assertThat(dropped.command("DATA")).startsWith("354");
                dropped.out.write("Subject: cut\r\n\r\nhalf a li".getBytes(StandardCharsets.US_ASCII));
                dropped.out.flush();
            }
            try (Smtp next = new Smtp(port)) {
                next.envelope(ivy.address());
                assertThat(next.command("DATA")).startsWith("354");
                assertThat(next.send("Message-ID: <whole-1@example.org>\r\nSubject: whole\r\n\r\nall of it\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)))
                        .startsWith("250");
            }
            assertThat(worker.orders()).extracting(MessageOrder::remoteId).containsExactly(ivy.id());
        }
    }

    private static byte[] endOf(byte[] bytes, int length) {
        return java.util.Arrays.copyOfRange(bytes, Math.max(0, bytes.length - length), bytes.length);
    }

    /** One SMTP session over a raw socket, one reply line read per command (the listener answers single lines). */
    private static final class Smtp implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final BufferedReader in;

        Smtp(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(15_000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("220");
        }

        void envelope(String recipient) throws IOException {
            assertThat(command("HELO hostile.example")).startsWith("250");
            assertThat(command("MAIL FROM:<sender@example.org>")).startsWith("250");
            assertThat(command("RCPT TO:<" + recipient + ">")).startsWith("250");
        }

        String command(String line) throws IOException {
            return send((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        String send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            String reply = in.readLine();
            while (reply != null && reply.length() > 3 && reply.charAt(3) == '-') {
                reply = in.readLine();
            }
            return reply;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
