package io.mailmesh.smtpbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.support.BridgeOnRelay;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bug report's requests through the real smtp-bridge: each is answered with an error reply and a safe header. */
class HostileDeliverTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static BridgeOnRelay running = new BridgeOnRelay(nats::url);

    static Connection client;
    final OrderCodec codec = new OrderCodec();

    @BeforeAll
    static void start() throws Exception {
        client = Nats.connect(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
    }

    private Message request(String payload) throws Exception {
        return client.request(Routes.OUTBOUND_SMTP.subject(), payload.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
    }

    @Test
    void aNonAsciiOrderNameIsAnsweredAsUnknown() throws Exception {
        // when (as `nats req outboundSMTP '{"order":"délivrer",...}'`)
        Message reply = request(
                "{\"order\":\"d\u00e9livrer\",\"message_id\":\"m\",\"remote_id\":\"r\",\"user_id\":\"u\"}");

        // then
        assertThat(reply).isNotNull();
        assertThat(codec.decodeReply(reply.getData()).code()).isEqualTo("unknown_order");
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR)).matches("[\\x20-\\x7E]+");
    }

    @Test
    void aMessageIdWithNonAsciiAndCrLfIsAnsweredWithTheWorkersOwnError() throws Exception {
        // when
        Message reply = request("{\"order\":\"deliver\",\"message_id\":\"\u00e9\\r\\nX: y\",\"remote_id\":\"r\","
                + "\"user_id\":\"u\"}");

        // then the worker's own refusal of the id comes back, nothing is sent
        Reply decoded = codec.decodeReply(reply.getData());
        assertThat(decoded.error()).isTrue();
        assertThat(decoded.code()).isEqualTo("invalid_id");
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR)).matches("[\\x20-\\x7E]+");
        assertThat(running.relay().getReceivedMessages()).isEmpty();
    }
}
