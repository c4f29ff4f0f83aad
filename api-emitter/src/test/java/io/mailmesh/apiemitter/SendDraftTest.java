package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The send action and the admin notification against a test handler on outboundSMTP. */
class SendDraftTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;
    static Connection worker;
    static final OrderCodec CODEC = new OrderCodec();
    final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
    Dispatcher handler;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(1));
        worker = ApiFixture.connect(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        api.close();
    }

    @AfterEach
    void removeHandler() {
        if (handler != null) {
            worker.closeDispatcher(handler);
        }
    }

    /** A test handler on outboundSMTP that records each request and answers with {@code answer} (null: silent). */
    void smtpWorker(Function<JsonNode, Reply> answer) throws Exception {
        handler = worker.createDispatcher(message -> {
            try {
                JsonNode order = ApiFixture.JSON.readTree(message.getData());
                requests.add(order);
                Reply reply = answer.apply(order);
                if (reply != null) {
                    worker.publish(message.getReplyTo(), CODEC.encode(reply));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        handler.subscribe(Routes.OUTBOUND_SMTP.subject(), Routes.OUTBOUND_SMTP.queueGroup());
        worker.flush(Duration.ofSeconds(5));
    }

    String[] userWithDraft(String name) {
        String token = api.newUserToken(name);
        String identity = api.post("/api/v2/identities/locals", token, "{\"address\": \"" + name + "@mesh.test\"}")
                .body().get("id").textValue();
        String draft = api.post("/api/v2/messages", token, "{\"identity_id\": \"" + identity
                + "\", \"to\": [\"x@example.org\"], \"subject\": \"hello\", \"body\": \"text\"}").body().get("id")
                .textValue();
        return new String[] {token, draft, identity};
    }

    @Test
    void sendWithAWorkerReplyingSuccessAnswers200WithTheSentMessage() throws Exception {
        // given
        smtpWorker(order -> Reply.ok("sent"));
        String[] user = userWithDraft("sam");
        // when
        Response sent = api.post("/api/v2/messages/" + user[1] + "/actions", user[0], "{\"actions\": [\"send\"]}");
        // then
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body().get("draft").booleanValue()).isFalse();
        JsonNode order = requests.poll(5, TimeUnit.SECONDS);
        assertThat(order.get("order").textValue()).isEqualTo("deliver");
        assertThat(order.get("message_id").textValue()).isEqualTo(user[1]);
        assertThat(order.get("remote_id").textValue()).isEqualTo(user[2]);
    }

    @Test
    void sendWithAWorkerReplyingAnErrorAnswers502WithItsMessage() throws Exception {
        // given
        smtpWorker(order -> Reply.failure("relay_refused", "relay said 554 no thanks"));
        String[] user = userWithDraft("tom");
        // when
        Response refused = api.post("/api/v2/messages/" + user[1] + "/actions", user[0],
                "{\"actions\": [\"send\"]}");
        // then
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.body().get("message").textValue()).isEqualTo("relay said 554 no thanks");
        assertThat(api.get("/api/v2/messages/" + user[1], user[0]).body().get("draft").booleanValue()).isTrue();
    }

    @Test
    void sendWithASilentWorkerAnswers504AndTheMessageStaysADraftSoARetryWorks() throws Exception {
        // given
        smtpWorker(order -> null);
        String[] user = userWithDraft("uma");
        // when
        Response timedOut = api.post("/api/v2/messages/" + user[1] + "/actions", user[0],
                "{\"actions\": [\"send\"]}");
        // then
        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(api.get("/api/v2/messages/" + user[1], user[0]).body().get("draft").booleanValue()).isTrue();
        // and when a worker answers, the retry succeeds
        worker.closeDispatcher(handler);
        smtpWorker(order -> Reply.ok("sent"));
        Response retried = api.post("/api/v2/messages/" + user[1] + "/actions", user[0],
                "{\"actions\": [\"send\"]}");
        assertThat(retried.status()).isEqualTo(200);
    }

    @Test
    void adminNotifyStoresAnAdminDraftAndRequestsDeliverOnOutboundSmtp() throws Exception {
        // given
        smtpWorker(order -> Reply.ok("sent"));
        String token = api.newUserToken("vera");
        String identity = api.post("/api/v2/identities/locals", token, "{\"address\": \"vera@mesh.test\"}").body()
                .get("id").textValue();
        String userId = api.get("/api/v2/me", token).body().get("id").textValue();
        // when
        Response notified = api.post("/api/v2/admin/users/" + userId + "/notify", ApiFixture.ADMIN_TOKEN,
                "{\"subject\": \"Maintenance\", \"body\": \"Tonight at 22:00\"}");
        // then
        assertThat(notified.status()).isEqualTo(200);
        JsonNode order = requests.poll(5, TimeUnit.SECONDS);
        assertThat(order.get("order").textValue()).isEqualTo("deliver");
        assertThat(order.get("user_id").textValue()).isEqualTo(userId);
        assertThat(order.get("remote_id").textValue()).isEqualTo(identity);
        assertThat(order.get("message_id").textValue()).isEqualTo(notified.body().get("id").textValue());
        assertThat(notified.body().get("subject").textValue()).isEqualTo("Maintenance");
    }
}
