package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may send what through the gateway: bearer tokens on HTTP and WebSocket, user_id scoping, MESSAGES.<user>. */
class GatewayAuthTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;
    static Connection client;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(1));
        client = ApiFixture.connect(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        api.close();
    }

    private static String userId(String token) {
        return api.get("/api/v2/me", token).body().get("id").textValue();
    }

    private static String contactUpdate(String contactId, String userId) {
        return "{\"topic\": \"contactAction\", \"order\": \"contact_update\", \"contact_id\": \"" + contactId + "\""
                + (userId == null ? "" : ", \"user_id\": \"" + userId + "\"") + "}";
    }

    @Test
    void givenNoOrABadTokenWhenPostingToMessagesThenTheAnswerIs401() {
        // when
        Response none = api.post("/MESSAGES", null, contactUpdate("c1", "u1"));
        Response bad = api.post("/MESSAGES", "mm_not-a-token", contactUpdate("c1", "u1"));
        // then
        assertThat(none.status()).isEqualTo(401);
        assertThat(bad.status()).isEqualTo(401);
        assertThat(none.body().get("ok").booleanValue()).isFalse();
    }

    @Test
    void givenAUserTokenWhenTheOrderNamesAnotherUserThenTheAnswerIs403WithTheReason() throws Exception {
        // given
        String token = api.newUserToken("mallory");
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Response refused = api.post("/MESSAGES", token, contactUpdate("c-steal", "someone-else"));
            // then
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body().get("error").textValue()).contains("user_id");
            assertThat(orders.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void givenAUserTokenWhenTheOrderHasNoUserIdThenItIsFilledInFromTheToken() throws Exception {
        // given
        String token = api.newUserToken("alice");
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Response accepted = api.post("/MESSAGES", token, contactUpdate("c-fill", null));
            // then
            assertThat(accepted.status()).isEqualTo(202);
            JsonNode order = orders.next();
            assertThat(order.get("contact_id").textValue()).isEqualTo("c-fill");
            assertThat(order.get("user_id").textValue()).isEqualTo(userId(token));
        }
    }

    @Test
    void givenTheAdminTokenWhenTheOrderNamesAnyUserThenItIsPublishedAsGiven() throws Exception {
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Response accepted = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, contactUpdate("c-admin", "anyone"));
            // then
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(orders.next().get("user_id").textValue()).isEqualTo("anyone");
        }
    }

    @Test
    void givenNoTokenWhenOpeningTheWebSocketThenTheUpgradeIsRefused() {
        // when
        CompletableFuture<WebSocket> opening = api.http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/MESSAGES"), new WebSocket.Listener() {
                });
        // then
        assertThatThrownBy(() -> opening.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
    }

    @Test
    void givenATokenQueryParameterWhenAFrameOmitsTheUserIdThenItIsFilledInAndAMismatchIsRefused()
            throws Exception {
        // given a browser-style connection with ?token=
        String token = api.newUserToken("browser");
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        WebSocket ws = api.http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + api.port
                + "/MESSAGES?token=" + token), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        (first.isDone() ? second : first).complete(data.toString());
                        socket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            ws.sendText(contactUpdate("c-ws-fill", null), true).get(5, TimeUnit.SECONDS);
            JsonNode ack = ApiFixture.JSON.readTree(first.get(5, TimeUnit.SECONDS));
            ws.sendText(contactUpdate("c-ws-steal", "someone-else"), true).get(5, TimeUnit.SECONDS);
            JsonNode refused = ApiFixture.JSON.readTree(second.get(5, TimeUnit.SECONDS));
            // then
            assertThat(ack.get("ok").booleanValue()).isTrue();
            assertThat(orders.next().get("user_id").textValue()).isEqualTo(userId(token));
            assertThat(refused.get("ok").booleanValue()).isFalse();
            assertThat(refused.get("error").textValue()).contains("user_id");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenAMessageOnMessagesDotUserWhenItsUserIdDiffersThenTheReplyIsTheRejection() throws Exception {
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Message refused = client.request("MESSAGES.u-alice", contactUpdate("c-nats-steal", "u-bob")
                    .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            // then
            JsonNode ack = ApiFixture.JSON.readTree(refused.getData());
            assertThat(ack.get("ok").booleanValue()).isFalse();
            assertThat(ack.get("error").textValue()).contains("user_id");
            assertThat(orders.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void givenAMessageOnMessagesDotUserWithoutUserIdWhenAcceptedThenTheSubjectsUserIsFilledIn() throws Exception {
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Message ack = client.request("MESSAGES.u-carol", contactUpdate("c-nats-fill", null)
                    .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            // then
            assertThat(ApiFixture.JSON.readTree(ack.getData()).get("ok").booleanValue()).isTrue();
            assertThat(orders.next().get("user_id").textValue()).isEqualTo("u-carol");
        }
    }

    @Test
    void givenAnOpenWebSocketWhenItsTokenIsRevokedThenTheNextFrameIsRefusedAndTheSessionClosed() throws Exception {
        // given
        String token = api.newUserToken("leaver");
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = api.http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/MESSAGES"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        answer.complete(data.toString());
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        assertThat(api.delete("/api/v2/auth/tokens/current", token).status()).isEqualTo(204);
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            ws.sendText(contactUpdate("c-after-revoke", null), true).get(5, TimeUnit.SECONDS);
            // then
            assertThat(ApiFixture.JSON.readTree(answer.get(5, TimeUnit.SECONDS)).get("ok").booleanValue()).isFalse();
            assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
            assertThat(orders.poll(Duration.ofMillis(300))).isNull();
        }
    }
}
