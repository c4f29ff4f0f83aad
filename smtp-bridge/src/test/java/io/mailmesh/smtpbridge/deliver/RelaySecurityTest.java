package io.mailmesh.smtpbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.ServerSettings.Security;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.relay.SmtpTarget;
import io.mailmesh.smtpbridge.support.BridgeFixture;
import io.mailmesh.smtpbridge.support.Relays;
import io.mailmesh.smtpbridge.support.Seeds;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A relay on implicit TLS with GreenMail's self-signed certificate: verified unless trust-all is on. */
class RelaySecurityTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static GreenMail tlsRelay;

    @BeforeAll
    static void start() {
        tlsRelay = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        tlsRelay.start();
    }

    @AfterAll
    static void stop() {
        tlsRelay.stop();
    }

    private static SmtpTarget tls(boolean trustAll) {
        return new SmtpTarget("127.0.0.1", tlsRelay.getSmtps().getPort(), Security.TLS, null, null, false, trustAll,
                Duration.ofSeconds(5));
    }

    private static Reply deliverOneDraft(MeshRuntime bridge, String[] draftId) throws Exception {
        Seeds seeds = new Seeds(bridge.get(MeshStore.class));
        String user = Seeds.user();
        Identity me = seeds.localIdentity(user, Seeds.address("tls", "mesh.test"), null);
        Message draft = seeds.draft(user).to(Seeds.address("rcpt", "example.org"), null).save();
        draftId[0] = draft.id();
        return bridge.get(OrderEmitter.class).request(Routes.OUTBOUND_SMTP,
                MessageOrder.deliver(draft.id(), me.id(), user), Duration.ofSeconds(20));
    }

    @Test
    void selfSignedRelayCertificateIsRefusedByDefault() throws Exception {
        // given
        String[] draftId = new String[1];
        try (MeshRuntime bridge = BridgeFixture.start(nats.url(), tls(false))) {
            // when
            Reply reply = deliverOneDraft(bridge, draftId);

            // then
            assertThat(reply.code()).isEqualTo("relay_unavailable");
            assertThat(Relays.copiesOf(tlsRelay, Relays.messageIdOf(draftId[0]))).isEmpty();
        }
    }

    @Test
    void trustAllAcceptsTheSelfSignedRelayOverImplicitTls() throws Exception {
        // given
        String[] draftId = new String[1];
        try (MeshRuntime bridge = BridgeFixture.start(nats.url(), tls(true))) {
            // when
            Reply reply = deliverOneDraft(bridge, draftId);

            // then
            assertThat(reply.error()).as(reply.toString()).isFalse();
            assertThat(Relays.copiesOf(tlsRelay, Relays.messageIdOf(draftId[0]))).hasSize(1);
        }
    }
}
