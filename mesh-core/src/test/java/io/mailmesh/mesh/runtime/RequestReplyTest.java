package io.mailmesh.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RequestReplyTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static MeshRuntime worker;
    static Connection client;
    static final CountDownLatch hangingStarted = new CountDownLatch(1);
    static final CountDownLatch releaseHanging = new CountDownLatch(1);
    final OrderCodec codec = new OrderCodec();

    @BeforeAll
    static void startWorker() throws Exception {
        worker = MeshApp.start(MeshConfig.forTests("test-worker", nats.url()).withHandlerDefaults(
                        io.mailmesh.mesh.handler.HandlerOptions.DEFAULTS.withTimeout(Duration.ofMillis(500))),
                TestWorkers.handlers(
                        HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class,
                                (order, ctx) -> {
                                    if (order.messageId().equals("missing")) {
                                        throw OrderFailedException.notFound("raw_not_found", "no raw message missing");
                                    }
                                    if (order.messageId().equals("hang")) {
                                        hangingStarted.countDown();
                                        awaitIgnoringInterrupts(releaseHanging); // like blocking I/O
                                    }
                                    return Reply.ok("imported " + order.messageId());
                                })));
        client = Nats.connect(nats.url());
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // a handler stuck in blocking I/O does not notice an interrupt either
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        releaseHanging.countDown();
        client.close();
        worker.close();
    }

    private Message request(String payload) throws Exception {
        return client.request(Routes.INBOUND_SMTP.subject(), payload.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5));
    }

    @Test
    void aValidRequestGetsTheHandlersReply() throws Exception {
        // when
        Message reply = request("{\"order\":\"process_inbound\",\"message_id\":\"m1\",\"remote_id\":\"r\",\"user_id\":\"u\"}");

        // then
        assertThat(codec.decodeReply(reply.getData())).isEqualTo(Reply.ok("imported m1"));
    }

    @Test
    void malformedJsonGetsAnErrorReplyThatNamesTheProblem() throws Exception {
        // when
        Message reply = request("{\"order\": \"process_inbound\",");

        // then
        Reply decoded = codec.decodeReply(reply.getData());
        assertThat(decoded.error()).isTrue();
        assertThat(decoded.code()).isEqualTo("malformed_json");
        assertThat(decoded.message()).startsWith("inboundSMTP: payload is not valid JSON");
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR_CODE)).isEqualTo("400");
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR)).isEqualTo(decoded.message());
    }

    @Test
    void anUnknownOrderGetsAnErrorReply() throws Exception {
        // when
        Message reply = request("{\"order\":\"launch_rockets\",\"message_id\":\"m\",\"remote_id\":\"r\",\"user_id\":\"u\"}");

        // then
        Reply decoded = codec.decodeReply(reply.getData());
        assertThat(decoded.code()).isEqualTo("unknown_order");
        assertThat(decoded.message()).contains("launch_rockets", "accepted: process_inbound");
    }

    @Test
    void aMissingKeyGetsAnErrorReplyNamingTheKey() throws Exception {
        // when
        Message reply = request("{\"order\":\"process_inbound\",\"remote_id\":\"r\",\"user_id\":\"u\"}");

        // then
        assertThat(codec.decodeReply(reply.getData()).message()).isEqualTo("inboundSMTP: key \"message_id\" is missing");
    }

    @Test
    void aHandlerFailureWithAReasonIsSentBackWithItsCode() throws Exception {
        // when
        Message reply = request("{\"order\":\"process_inbound\",\"message_id\":\"missing\",\"remote_id\":\"r\",\"user_id\":\"u\"}");

        // then
        Reply decoded = codec.decodeReply(reply.getData());
        assertThat(decoded).isEqualTo(Reply.failure("raw_not_found", "no raw message missing"));
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR_CODE)).isEqualTo("404");
    }

    @Test
    void ordersSentAfterAHandlerHangsAreStillAnswered() throws Exception {
        // given handlers that hang on several orders at once
        for (int i = 0; i < 3; i++) {
            client.request(Routes.INBOUND_SMTP.subject(),
                    "{\"order\":\"process_inbound\",\"message_id\":\"hang\",\"remote_id\":\"r\",\"user_id\":\"u\"}"
                            .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(hangingStarted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // when 50 more orders arrive, then every one of them is answered
        for (int i = 0; i < 50; i++) {
            Message reply = request("{\"order\":\"process_inbound\",\"message_id\":\"after" + i
                    + "\",\"remote_id\":\"r\",\"user_id\":\"u\"}");
            assertThat(reply).as("reply to order %d", i).isNotNull();
            assertThat(codec.decodeReply(reply.getData())).isEqualTo(Reply.ok("imported after" + i));
        }
    }

    @Test
    void aHandlerThatHangsIsAnsweredWithATimeoutErrorAtItsDeadline() throws Exception {
        // when
        Message reply = request("{\"order\":\"process_inbound\",\"message_id\":\"hang\",\"remote_id\":\"r\",\"user_id\":\"u\"}");

        // then
        assertThat(hangingStarted.getCount()).isZero();
        Reply decoded = codec.decodeReply(reply.getData());
        assertThat(decoded.code()).isEqualTo("timeout");
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR_CODE)).isEqualTo("504");
    }
}
