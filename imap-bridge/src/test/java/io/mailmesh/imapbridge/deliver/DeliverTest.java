package io.mailmesh.imapbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.Flags;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeliverTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static BridgeHarness bridge;

    @BeforeAll
    static void start() throws Exception {
        bridge = BridgeHarness.start(nats.url(), ImapSettings.defaults(), FakeSmtpBridge.class);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static Reply deliver(Identity identity, String messageId) throws Exception {
        return bridge.runtime.get(OrderEmitter.class).request(Routes.OUTBOUND_IMAP,
                MessageOrder.deliver(messageId, identity.id(), identity.userId()), Duration.ofSeconds(30));
    }

    private static void draft(Identity identity, String messageId) {
        bridge.runtime.get(MessageStore.class).putMessage(new Message(messageId, identity.userId(), "disc-1", true,
                false, false, false, List.of(), "hello " + messageId, "body", null, null, null, null,
                List.of(identity.id()), List.of(), List.of()));
    }

    @Test
    void deliverSendsThroughSmtpAndAppendsASeenCopyToSent() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        draft(identity, "draft-1");

        // when
        Reply reply = deliver(identity, "draft-1");

        // then
        assertThat(reply.error()).isFalse();
        assertThat(reply.message()).contains("sent").contains("copied to Sent");
        MailFolder sent = bridge.greenMail.getManagers().getImapHostManager()
                .getFolder(bridge.user(identity), "Sent");
        assertThat(sent).isNotNull();
        assertThat(sent.getMessages()).hasSize(1);
        StoredMessage copy = sent.getMessages().get(0);
        assertThat(copy.getFlags().contains(Flags.Flag.SEEN)).isTrue();
        assertThat(copy.getMimeMessage().getSubject()).isEqualTo("hello draft-1");
        assertThat(copy.getReceivedDate()).isEqualTo(new Date(1_700_000_000_000L));
    }

    @Test
    void smtpErrorBecomesTheReplyErrorAndNothingIsAppended() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        draft(identity, "refused-1");

        // when
        Reply reply = deliver(identity, "refused-1");

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("relay_refused");
        assertThat(bridge.greenMail.getManagers().getImapHostManager().getFolder(bridge.user(identity), "Sent"))
                .isNull();
    }

    @Test
    void failedAppendIsReportedButTheSendingStands() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        bridge.identities.putCredentials(identity.id(), io.mailmesh.mesh.store.model.Credentials.password("bad"));
        draft(identity, "draft-2");

        // when
        Reply reply = deliver(identity, "draft-2");

        // then
        assertThat(reply.error()).isFalse();
        assertThat(reply.message()).contains("not copied to Sent");
        assertThat(bridge.runtime.get(MessageStore.class).message(identity.userId(), "draft-2").draft()).isFalse();
    }
}
