package io.mailmesh.apiemitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.apiemitter.auth.AuthSettings;
import io.mailmesh.apiemitter.web.RateLimits;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway's WebSocket holds each connection to its token's rate limit and to a bounded number of waits. */
class WebSocketLimitsTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private ApiFixture api;
    private Connection client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        api.close();
    }

    private WebSocket open(String token, BlockingQueue<JsonNode> acks) throws Exception {
        return api.http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/MESSAGES"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        try {
                            acks.add(ApiFixture.JSON.readTree(data.toString()));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("an ack frame that is not JSON: " + data, e);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    private static String deliverAndWait(String messageId) {
        return "{\"topic\": \"outboundSMTP\", \"wait\": true, \"order\": \"deliver\", \"message_id\": \"" + messageId
                + "\", \"remote_id\": \"r1\"}";
    }

    private static JsonNode next(BlockingQueue<JsonNode> acks) throws InterruptedException {
        JsonNode ack = acks.poll(10, TimeUnit.SECONDS);
        assertThat(ack).as("an ack frame within 10 s").isNotNull();
        return ack;
    }

    @Test
    void givenAConnectionWithAllItsWaitSlotsInUseWhenAnotherWaitArrivesThenItIsRefusedUntilAReplyFreesASlot()
            throws Exception {
        // given: two wait slots per connection, and a worker that holds requests until told to answer
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(30), AuthSettings.defaults(true),
                ApiFixture.TEST_IDENTITIES, new RateLimits(0, 1, 2));
        client = ApiFixture.connect(nats.url());
        Subscription worker = client.subscribe("outboundSMTP", "SMTPqueue");
        client.flush(Duration.ofSeconds(5));
        BlockingQueue<JsonNode> acks = new LinkedBlockingQueue<>();
        WebSocket ws = open(api.newUserToken("waiter"), acks);
        List<Message> held = new ArrayList<>();
        for (String id : new String[] {"m1", "m2"}) {
            ws.sendText(deliverAndWait(id), true).get(5, TimeUnit.SECONDS);
            Message request = worker.nextMessage(Duration.ofSeconds(10));
            assertThat(request).as("request " + id + " reached the worker").isNotNull();
            held.add(request);
        }

        // when
        ws.sendText(deliverAndWait("m3"), true).get(5, TimeUnit.SECONDS);

        // then: refused at once, without reaching the worker
        JsonNode refused = next(acks);
        assertThat(refused.get("ok").booleanValue()).isFalse();
        assertThat(refused.get("error").textValue()).contains("waiting for a reply").contains("at most 2");
        assertThat(worker.nextMessage(Duration.ofMillis(300))).isNull();

        // and when one reply comes back, its slot is free again
        client.publish(held.get(0).getReplyTo(), new OrderCodec().encode(Reply.ok("sent m1")));
        assertThat(next(acks).get("reply").get("message").textValue()).isEqualTo("sent m1");
        ws.sendText(deliverAndWait("m4"), true).get(5, TimeUnit.SECONDS);
        Message fourth = worker.nextMessage(Duration.ofSeconds(10));
        assertThat(fourth).as("a wait is accepted once a slot is free").isNotNull();
        client.publish(fourth.getReplyTo(), new OrderCodec().encode(Reply.ok("sent m4")));
        assertThat(next(acks).get("reply").get("message").textValue()).isEqualTo("sent m4");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void givenATokenOverItsBurstWhenMoreFramesArriveThenEachIsAnsweredWith429AndNotIngested() throws Exception {
        // given: a burst of 3 and one message per 100 s
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(5), AuthSettings.defaults(true),
                ApiFixture.TEST_IDENTITIES, new RateLimits(0.01, 3, 16));
        client = ApiFixture.connect(nats.url());
        Subscription orders = client.subscribe("contactAction");
        client.flush(Duration.ofSeconds(5));
        BlockingQueue<JsonNode> acks = new LinkedBlockingQueue<>();
        WebSocket ws = open(api.newUserToken("flooder"), acks);

        // when
        for (int i = 0; i < 6; i++) {
            ws.sendText("{\"topic\": \"contactAction\", \"order\": \"contact_update\", \"contact_id\": \"c" + i
                    + "\"}", true).get(5, TimeUnit.SECONDS);
        }

        // then
        int accepted = 0;
        int limited = 0;
        for (int i = 0; i < 6; i++) {
            JsonNode ack = next(acks);
            if (ack.get("ok").booleanValue()) {
                accepted++;
            } else {
                assertThat(ack.get("status").intValue()).isEqualTo(429);
                assertThat(ack.get("retry_after").longValue()).isPositive();
                limited++;
            }
        }
        assertThat(accepted).isLessThanOrEqualTo(3);
        assertThat(limited).isGreaterThanOrEqualTo(3);
        int published = 0;
        while (orders.nextMessage(Duration.ofMillis(300)) != null) {
            published++;
        }
        assertThat(published).isEqualTo(accepted);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
}
