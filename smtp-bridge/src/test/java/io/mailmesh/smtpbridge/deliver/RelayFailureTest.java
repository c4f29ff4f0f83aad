package io.mailmesh.smtpbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/** A relay that refuses, is down, hangs, or comes back: the reply says so and the draft stays a draft. */
class RelayFailureTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private static Reply deliver(MeshRuntime bridge, Message draft, Identity identity) throws Exception {
        return bridge.get(OrderEmitter.class).request(Routes.OUTBOUND_SMTP,
                MessageOrder.deliver(draft.id(), identity.id(), draft.userId()), Duration.ofSeconds(20));
    }

    private record Scenario(Identity identity, Message draft) {
        static Scenario seed(MeshRuntime bridge) {
            Seeds seeds = new Seeds(bridge.get(MeshStore.class));
            String user = Seeds.user();
            Identity me = seeds.localIdentity(user, Seeds.address("sender", "mesh.test"), "Sender");
            Message draft = seeds.draft(user).to(Seeds.address("rcpt", "example.org"), null).save();
            return new Scenario(me, draft);
        }

        boolean stillADraft(MeshRuntime bridge) {
            return bridge.get(MeshStore.class).messages().message(draft.userId(), draft.id()).draft();
        }
    }

    @Test
    void relayRefusalIsAnErrorReplyWithTheRelaysText() throws Exception {
        // given
        AtomicInteger attempts = new AtomicInteger();
        SMTPServer refusing = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandler((context, from, to, data) -> {
                    attempts.incrementAndGet();
                    throw new RejectException(554, "5.7.1 message refused by local policy");
                }).build();
        refusing.start();
        try (MeshRuntime bridge = BridgeFixture.start(nats.url(),
                BridgeFixture.plainRelay(refusing.getPortAllocated()))) {
            Scenario s = Scenario.seed(bridge);

            // when
            Reply reply = deliver(bridge, s.draft(), s.identity());

            // then
            assertThat(reply.error()).isTrue();
            assertThat(reply.code()).isEqualTo("relay_rejected");
            assertThat(reply.message()).contains("554").contains("5.7.1 message refused by local policy");
            assertThat(attempts).hasValue(1);
            assertThat(s.stillADraft(bridge)).isTrue();
        } finally {
            refusing.stop();
        }
    }

    @Test
    void unreachableRelayIsRelayUnavailableAndTheMessageStaysADraft() throws Exception {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (MeshRuntime bridge = BridgeFixture.start(nats.url(), BridgeFixture.plainRelay(closedPort))) {
            Scenario s = Scenario.seed(bridge);

            // when
            Reply reply = deliver(bridge, s.draft(), s.identity());

            // then
            assertThat(reply.error()).isTrue();
            assertThat(reply.code()).isEqualTo("relay_unavailable");
            assertThat(reply.message()).contains("127.0.0.1:" + closedPort).contains("stays a draft");
            assertThat(s.stillADraft(bridge)).isTrue();
        }
    }

    @Test
    void relayThatNeverAnswersTimesOutAsRelayUnavailable() throws Exception {
        // given: a socket that accepts connections (backlog) but never greets
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             MeshRuntime bridge = BridgeFixture.start(nats.url(), new SmtpTarget("127.0.0.1",
                     silent.getLocalPort(), Security.NONE, null, null, false, false, Duration.ofMillis(800)))) {
            Scenario s = Scenario.seed(bridge);

            // when
            Reply reply = deliver(bridge, s.draft(), s.identity());

            // then
            assertThat(reply.code()).isEqualTo("relay_unavailable");
            assertThat(reply.message()).contains("did not answer in time");
            assertThat(s.stillADraft(bridge)).isTrue();
        }
    }

    @Test
    void relayDownThenUpSendsTheDraftOnTheNextDeliver() throws Exception {
        // given
        GreenMail first = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        first.start();
        int port = first.getSmtp().getPort();
        try (MeshRuntime bridge = BridgeFixture.start(nats.url(), BridgeFixture.plainRelay(port))) {
            Scenario warmUp = Scenario.seed(bridge);
            assertThat(deliver(bridge, warmUp.draft(), warmUp.identity()).error()).isFalse();
            first.stop();
            Scenario s = Scenario.seed(bridge);
            Reply whileDown = deliver(bridge, s.draft(), s.identity());
            GreenMail second = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            second.start();
            try {
                // when
                Reply afterRestart = deliver(bridge, s.draft(), s.identity());

                // then
                assertThat(whileDown.code()).isEqualTo("relay_unavailable");
                assertThat(afterRestart.error()).as(afterRestart.toString()).isFalse();
                assertThat(afterRestart.message()).endsWith("has been sent.");
                assertThat(Relays.copiesOf(second, Relays.messageIdOf(s.draft().id()))).hasSize(1);
                assertThat(s.stillADraft(bridge)).isFalse();
            } finally {
                second.stop();
            }
        }
    }
}
