package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The gateway's four ingress protocols end to end, the allow-list, malformed input and the audit log. */
class GatewayIngressTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    static ApiFixture api;
    static Connection client;
    static Jedis jedis;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), "redis://127.0.0.1:" + redis.port(), Duration.ofSeconds(1));
        client = ApiFixture.connect(nats.url());
        jedis = new Jedis("127.0.0.1", redis.port());
    }

    @AfterAll
    static void stop() throws Exception {
        jedis.close();
        client.close();
        api.close();
    }

    static String contactUpdate(String contactId) {
        return "{\"topic\": \"contactAction\", \"order\": \"contact_update\", \"contact_id\": \"" + contactId
                + "\", \"user_id\": \"u1\"}";
    }

    static boolean logged(String id) {
        return jedis.lrange("MESSAGES:log", 0, -1).stream().anyMatch(line -> line.contains("\"id\":\"" + id + "\""));
    }

    @Test
    void httpPostWithTheSeedsEnvelopePublishesTheOrderAndLogsIt() throws Exception {
        // given
        String envelope = ApiFixture.JSON.createObjectNode().put("message", contactUpdate("c-http")).toString();
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Response ack = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, envelope);
            // then
            assertThat(ack.status()).isEqualTo(202);
            assertThat(ack.body().get("ok").booleanValue()).isTrue();
            JsonNode order = orders.next();
            assertThat(order.get("contact_id").textValue()).isEqualTo("c-http");
            assertThat(order.has("topic")).isFalse();
            String id = ack.body().get("id").textValue();
            ApiFixture.await(Duration.ofSeconds(5), "the audit entry", () -> logged(id));
            JsonNode entry = ApiFixture.JSON.readTree(jedis.lrange("MESSAGES:log", 0, -1).stream()
                    .filter(line -> line.contains(id)).findFirst().orElseThrow());
            assertThat(entry.get("protocol").textValue()).isEqualTo("http");
            assertThat(entry.get("topic").textValue()).isEqualTo("contactAction");
            assertThat(entry.get("payload").get("contact_id").textValue()).isEqualTo("c-http");
        }
    }

    @Test
    void httpPostOfTheBareObjectIsAcceptedToo() throws Exception {
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Response ack = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, contactUpdate("c-bare"));
            // then
            assertThat(ack.status()).isEqualTo(202);
            assertThat(orders.next().get("contact_id").textValue()).isEqualTo("c-bare");
        }
    }

    @Test
    void webSocketFramesAreEachAnsweredByAnAck() throws Exception {
        // given
        BlockingQueue<String> acks = new LinkedBlockingQueue<>();
        WebSocket ws = api.http.newWebSocketBuilder().header("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN).buildAsync(URI.create("ws://127.0.0.1:" + api.port
                + "/MESSAGES"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        acks.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            ws.sendText(contactUpdate("c-ws"), true).get(5, TimeUnit.SECONDS);
            ws.sendText("{not json", true).get(5, TimeUnit.SECONDS);
            // then
            JsonNode accepted = ApiFixture.JSON.readTree(acks.poll(5, TimeUnit.SECONDS));
            JsonNode refused = ApiFixture.JSON.readTree(acks.poll(5, TimeUnit.SECONDS));
            assertThat(accepted.get("ok").booleanValue()).isTrue();
            assertThat(accepted.get("id").textValue()).isNotBlank();
            assertThat(refused.get("ok").booleanValue()).isFalse();
            assertThat(refused.get("error").textValue()).contains("not valid JSON");
            assertThat(orders.next().get("contact_id").textValue()).isEqualTo("c-ws");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void redisListIngressPublishesTheOrder() throws Exception {
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            jedis.rpush("MESSAGES", contactUpdate("c-redis"));
            // then
            assertThat(orders.next().get("contact_id").textValue()).isEqualTo("c-redis");
        }
    }

    @Test
    void natsIngressRequestIsAnsweredWithTheAckAndPublishes() throws Exception {
        try (Subscriber orders = new Subscriber(client, "contactAction")) {
            // when
            Message ack = client.request("MESSAGES", contactUpdate("c-nats").getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5));
            // then
            assertThat(ApiFixture.JSON.readTree(ack.getData()).get("ok").booleanValue()).isTrue();
            assertThat(orders.next().get("contact_id").textValue()).isEqualTo("c-nats");
        }
    }

    @Test
    void malformedJsonOnRedisAndNatsGoesToTheRejectedListWithTheReason() {
        // when
        jedis.rpush("MESSAGES", "{broken redis");
        client.publish("MESSAGES", "{broken nats".getBytes(StandardCharsets.UTF_8));
        // then
        ApiFixture.await(Duration.ofSeconds(5), "two rejected entries", () -> {
            List<String> rejected = jedis.lrange("MESSAGES:rejected", 0, -1);
            return rejected.stream().anyMatch(r -> r.contains("broken redis"))
                    && rejected.stream().anyMatch(r -> r.contains("broken nats"));
        });
        assertThat(jedis.lrange("MESSAGES:rejected", 0, -1)).allMatch(r -> r.contains("\"reason\""));
    }

    @Test
    void malformedJsonOverHttpIs400WithTheReason() {
        // when
        Response refused = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"message\": \"{oops\"}");
        // then
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("ok").booleanValue()).isFalse();
        assertThat(refused.body().get("error").textValue()).contains("not valid JSON");
    }

    @Test
    void systemSubjectsWildcardsAndUnlistedTopicsAreRefusedWithAReason() {
        // when
        Response sys = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"$SYS.REQ.SERVER.PING\"}");
        Response js = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"$JS.API.STREAM.DELETE.MESH_ORDERS\"}");
        Response inbox = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"_INBOX.abc\"}");
        Response wildcard = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"contact*\"}");
        Response unlisted = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"internal.updates\", \"data\": 1}");
        Response ingress = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"MESSAGES\"}");
        // then
        assertThat(List.of(sys, js, inbox, wildcard, unlisted, ingress)).allMatch(r -> r.status() == 400);
        assertThat(sys.body().get("error").textValue()).contains("system subject");
        assertThat(wildcard.body().get("error").textValue()).contains("wildcard");
        assertThat(unlisted.body().get("error").textValue()).contains("not allowed");
    }

    @Test
    void anOrderPayloadThatFailsTheStrictCodecIsRefused() {
        // when
        Response refused = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN,
                "{\"topic\": \"contactAction\", \"order\": \"contact_update\", \"user_id\": \"u1\"}");
        // then
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").textValue()).contains("contact_id").contains("missing");
    }

    @Test
    void aCallerWaitingOnARequestReplyRouteGetsTheWorkersReply() throws Exception {
        // given
        Dispatcher worker = client.createDispatcher(message -> client.publish(message.getReplyTo(),
                new OrderCodec().encode(Reply.ok("delivered"))));
        worker.subscribe("outboundSMTP", "SMTPqueue");
        client.flush(Duration.ofSeconds(5));
        try {
            // when
            Response answered = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"outboundSMTP\", \"wait\": true, "
                    + "\"order\": \"deliver\", \"message_id\": \"m1\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}");
            // then
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.body().get("reply").get("message").textValue()).isEqualTo("delivered");
        } finally {
            client.closeDispatcher(worker);
        }
    }

    @Test
    void givenNoWorkerOnARequestRouteWhenAnOrderIsAcceptedWithoutWaitingThenItsOutcomeIsLoggedAndItIsRejected()
            throws Exception {
        // given: nothing subscribes to outboundSMTP
        // when
        Response ack = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"outboundSMTP\", "
                + "\"order\": \"deliver\", \"message_id\": \"m-nobody\", \"remote_id\": \"r1\", \"user_id\": \"u1\"}");
        // then
        assertThat(ack.status()).isEqualTo(202);
        String id = ack.body().get("id").textValue();
        ApiFixture.await(Duration.ofSeconds(10), "the outcome line and the rejected entry",
                () -> line("MESSAGES:log", id, "outcome") != null && line("MESSAGES:rejected", id, "id") != null);
        JsonNode outcome = line("MESSAGES:log", id, "outcome");
        assertThat(outcome.get("outcome").textValue()).isEqualTo("no_responders");
        assertThat(outcome.get("topic").textValue()).isEqualTo("outboundSMTP");
        JsonNode rejected = line("MESSAGES:rejected", id, "id");
        assertThat(rejected.get("reason").textValue()).startsWith("no_responders: ");
        assertThat(rejected.get("raw").textValue()).contains("m-nobody");
    }

    /** The line of {@code list} about entry {@code id} that has the field {@code field}, or null. */
    static JsonNode line(String list, String id, String field) {
        for (String line : jedis.lrange(list, 0, -1)) {
            try {
                JsonNode node = ApiFixture.JSON.readTree(line);
                if (id.equals(node.path("id").textValue()) && node.has(field)) {
                    return node;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return null;
    }
}
