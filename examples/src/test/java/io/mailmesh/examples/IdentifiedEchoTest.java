package io.mailmesh.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.examples.echo.Echo;
import io.mailmesh.examples.echo.IdentifiedEcho;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Identified echo on an operator-mode nats-server, every executable with the credentials nats-auth init made. */
class IdentifiedEchoTest {
    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();
    static MeshRuntime worker;

    @BeforeAll
    static void startEchoWorker() throws Exception {
        worker = MeshApp.start(Clients.config(ExampleRoutes.ECHO_WORKER, nats, true), Worker.of(new IdentifiedEcho()));
    }

    @AfterAll
    static void stopEchoWorker() {
        worker.close();
    }

    @Test
    void givenTheEchoClientsCredentials_whenItSendsAnEcho_thenTheReplyNamesIt() throws Exception {
        try (MeshRuntime client = MeshApp.start(Clients.config(ExampleRoutes.ECHO_CLIENT, nats, true))) {
            Reply reply = client.get(OrderEmitter.class).request(ExampleRoutes.ECHO, new Echo("héllo\r\n"),
                    Duration.ofSeconds(5));

            assertThat(reply.error()).isFalse();
            assertThat(reply.field("caller")).isEqualTo("echo-client");
            assertThat(reply.message()).isEqualTo("hello echo-client: héllo\r\n");
        }
    }

    @Test
    void givenAnotherExecutablesCredentials_whenItListensOnTheEchoClientsInbox_thenTheServerRefuses()
            throws Exception {
        try (Connection pingPlayer = Clients.connect(nats, ExampleRoutes.PING_PLAYER)) {
            var errors = new java.util.concurrent.CopyOnWriteArrayList<String>();
            pingPlayer.subscribe("_INBOX.echo-client.>");
            pingPlayer.flush(Duration.ofSeconds(2));
            // the server answers a forbidden subscription with a permissions violation on the connection
            io.mailmesh.mesh.testing.TestWorkers.await(Duration.ofSeconds(5), "the violation", () -> {
                String last = pingPlayer.getLastError();
                if (last != null) {
                    errors.add(last);
                }
                return !errors.isEmpty();
            });
            assertThat(errors.get(0)).containsIgnoringCase("permissions violation");
        }
    }

    @Test
    void givenHostileBodies_whenSentAsEchoes_thenEachGetsANamedErrorReply() throws Exception {
        Map<String, String> expected = Map.of(
                "", "malformed_json",
                "[1]", "not_an_object",
                "{\"order\":\"echo\"}", "missing_key",
                "{\"order\":\"echo\",\"text\":7}", "wrong_type",
                "{\"order\":\"echo\",\"text\":{\"a\":[[[]]]}}", "wrong_type",
                "{\"order\":\"deliver\",\"text\":\"x\"}", "unknown_order",
                "{\"order\":\"echo\",\"text\":\"x\"", "malformed_json",
                "\u00ff\u00fe", "malformed_json");
        try (Connection client = Clients.connect(nats, ExampleRoutes.ECHO_CLIENT)) {
            for (var body : expected.entrySet()) {
                Message answer = client.request(ExampleRoutes.ECHO.subject(),
                        body.getKey().getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5));
                Reply reply = new OrderCodec().decodeReply(answer.getData());

                assertThat(reply.error()).as(body.getKey()).isTrue();
                assertThat(reply.code()).as(body.getKey()).isEqualTo(body.getValue());
            }
            Message huge = client.request(ExampleRoutes.ECHO.subject(), ("{\"order\":\"echo\",\"text\":\""
                    + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertThat(new OrderCodec().decodeReply(huge.getData()).code()).isEqualTo("too_large");
        }
    }
}
