package io.mailmesh.apiemitter.middleman;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile frames: each gets an error frame naming what is wrong, and the connection still works afterwards; what
 * the WebSocket layer itself refuses (over the API's message limit, invalid UTF-8) closes with a code and a reason.
 */
class MiddlemanHostileFramesTest {
    static final String SERVICE_KEY = "hostile-service-key";
    static final int FRAME_LIMIT = 4_096;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(10), new MiddlemanModule(
                MiddlemanSettings.defaults().withKeys(List.of(SERVICE_KEY), List.of()).withLimits(FRAME_LIMIT, 1_000,
                        3, 100)));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    record Hostile(String frame, String code) {
    }

    static final List<Hostile> CORPUS = List.of(
            new Hostile("", "unknown_command"),
            new Hostile("\n", "unknown_command"),
            new Hostile("FOO x\n\n.\n", "unknown_command"),
            new Hostile("pub x\n\n.\n", "unknown_command"),
            new Hostile("ПУБ x\n\n.\n", "unknown_command"),
            new Hostile("PUB", "no_target"),
            new Hostile("PUB \n\n.\n", "no_target"),
            new Hostile("PUB x y\n\n.\n", "bad_target"),
            new Hostile("PUB a..b\n\n.\n", "bad_target"),
            new Hostile("PUB .a\n\n.\n", "bad_target"),
            new Hostile("SUB news.*", "bad_target"),
            new Hostile("SUB >", "bad_target"),
            new Hostile("SUB café", "bad_target"),
            new Hostile("SUB a\u0000b", "bad_target"),
            new Hostile("SUB " + "t".repeat(201), "bad_target"),
            new Hostile("REQ x\n\nbody\n.\n", "no_reqid"),
            new Hostile("RES x\nReqID:\n\n.\n", "no_reqid"),
            new Hostile("REQ x\nReqID:" + "9".repeat(129) + "\n\n.\n", "bad_reqid"),
            new Hostile("PUB x\n\nbody", "unterminated"),
            new Hostile("PUB x\n\nbody\n", "unterminated"),
            new Hostile("PUB x\n\nbody\n. \n", "unterminated"),
            new Hostile("PUB x\nA:1", "unterminated"),
            new Hostile("PUB x", "unterminated"),
            new Hostile("PUB x\nno colon\n\n.\n", "bad_header"),
            new Hostile("PUB x\n:value\n\n.\n", "bad_header"),
            new Hostile("PUB x\nA B:1\n\n.\n", "bad_header"),
            new Hostile("PUB x\nA:1\na:2\n\n.\n", "bad_header"),
            new Hostile("PUB x\nA:é\n\n.\n", "bad_header"),
            new Hostile("PUB x\nA:\u0007\n\n.\n", "bad_header"),
            new Hostile("PUB x\n" + "H".repeat(1025) + ":1\n\n.\n", "bad_header"),
            new Hostile("PUB x\n" + headers(33) + "\n.\n", "bad_header"),
            new Hostile("PUB x\rEVIL y\n\n.\n", "bad_line_end"),
            new Hostile("PUB x\nA:1\rB:2\n\n.\n", "bad_line_end"),
            new Hostile("PUB x\n\nbody\n.\nPUB y\n\n.\n", "trailing_data"),
            new Hostile("PUB x\n\n" + "a".repeat(FRAME_LIMIT) + "\n.\n", "too_large"),
            new Hostile("PUB x\n\n" + "é".repeat(FRAME_LIMIT / 2) + "\n.\n", "too_large"),
            new Hostile("UNSUB never", "not_subscribed"),
            new Hostile("RES x\nReqID:forged\n\n.\n", "unknown_reqid"));

    private static String headers(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("H").append(i).append(":v\n");
        }
        return out.toString();
    }

    @Test
    void givenEachHostileFrame_thenAnErrorFrameNamesTheProblem_andTheConnectionKeepsWorking() throws Exception {
        try (WsPeer peer = WsPeer.login(api.port, SERVICE_KEY)) {
            for (Hostile hostile : CORPUS) {
                peer.send(hostile.frame());
                String answer = peer.next();
                assertThat(answer).as("answer to %s", abbreviated(hostile.frame()))
                        .startsWith("ERR ").contains("\nCode:" + hostile.code() + "\n").endsWith("\n.\n");
            }
            peer.send("SUB still.alive");
            peer.send("PUB still.alive\n\nyes\n.\n");
            assertThat(peer.next()).isEqualTo("PUB still.alive\n\nyes\n.\n");
        }
    }

    @Test
    void givenABinaryFrame_thenAnErrorFrame_andBeforeTheKeyAClose() throws Exception {
        try (WsPeer peer = WsPeer.login(api.port, SERVICE_KEY)) {
            peer.socket.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0}), true).join();
            assertThat(peer.next()).startsWith("ERR -\nCode:binary_frame\n");
        }
        try (WsPeer peer = WsPeer.open(api.port)) {
            peer.socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), true).join();
            assertThat(peer.awaitClose()).isEqualTo("1008 the first frame is the API key, as text");
        }
    }

    @Test
    void givenMoreSubscriptionsThanTheLimit_thenTheExtraOneIsRefused() throws Exception {
        try (WsPeer peer = WsPeer.login(api.port, SERVICE_KEY)) {
            peer.send("SUB s1");
            peer.send("SUB s2");
            peer.send("SUB s3");
            peer.send("SUB s4");
            assertThat(peer.next()).startsWith("ERR s4\nCode:too_many_subscriptions\n");
        }
    }

    @Test
    void givenAFrameOverTheApisMessageLimit_thenTheConnectionClosesWithCode1009() throws Exception {
        try (WsPeer peer = WsPeer.login(api.port, SERVICE_KEY)) {
            peer.socket.sendText("PUB x\n\n" + "a".repeat(70 * 1024) + "\n.\n", true);
            assertThat(peer.awaitClose()).startsWith("1009 ");
        }
    }

    @Test
    void givenATextFrameThatIsNotUtf8_thenTheConnectionClosesWithCode1007() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET " + MiddlemanRoutes.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            byte[] invalid = {(byte) 0xc3, (byte) 0x28, (byte) 0xff};
            byte[] mask = {1, 2, 3, 4};
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | invalid.length), mask[0], mask[1], mask[2], mask[3]});
            for (int i = 0; i < invalid.length; i++) {
                out.write(invalid[i] ^ mask[i % 4]);
            }
            out.flush();
            int opcode = in.read() & 0x0f;
            int length = in.read() & 0x7f;
            byte[] payload = in.readNBytes(length);
            assertThat(opcode).as("a close frame").isEqualTo(8);
            assertThat(((payload[0] & 0xff) << 8) | (payload[1] & 0xff)).isEqualTo(1007);
            assertThat(length).as("with a reason").isGreaterThan(2);
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    private static String abbreviated(String frame) {
        return frame.length() > 60 ? frame.substring(0, 60) + "…" : frame;
    }
}
