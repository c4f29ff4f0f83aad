package io.mailmesh.smtpbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.support.BridgeOnRelay;
import io.mailmesh.smtpbridge.support.Seeds;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** deliver orders that cannot be carried out: each gets an error reply with a reason, and nothing is sent. */
class DeliverRejectionTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static BridgeOnRelay running = new BridgeOnRelay(nats::url);

    static Reply deliver(String messageId, String identityId, String userId) throws Exception {
        return running.bridge().get(OrderEmitter.class).request(Routes.OUTBOUND_SMTP,
                MessageOrder.deliver(messageId, identityId, userId), Duration.ofSeconds(15));
    }

    private void assertNothingSentAndStillADraft(Message draft) {
        assertThat(running.relay().getReceivedMessages()).isEmpty();
        Message now = running.store().messages().message(draft.userId(), draft.id());
        assertThat(now.draft()).isTrue();
        assertThat(now.tags()).noneMatch(t -> t.startsWith("$smtp-bridge"));
    }

    @Test
    void unknownMessageIsAnErrorReply() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("a", "mesh.test"), null);

        // when
        Reply reply = deliver("no-such-message", me.id(), user);

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("message_not_found");
        assertThat(reply.message()).contains("no-such-message");
    }

    @Test
    void draftOfAnotherUserIsUnknownToThisUser() throws Exception {
        // given
        String owner = Seeds.user();
        String other = Seeds.user();
        Identity otherIdentity = running.seeds().localIdentity(other, Seeds.address("b", "mesh.test"), null);
        Message draft = running.seeds().draft(owner).to(Seeds.address("x", "example.org"), null).save();

        // when
        Reply reply = deliver(draft.id(), otherIdentity.id(), other);

        // then
        assertThat(reply.code()).isEqualTo("message_not_found");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void receivedMessageIsNotADraft() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("c", "mesh.test"), null);
        Message received = running.seeds().draft(user).to(me.address(), null).received().save();

        // when
        Reply reply = deliver(received.id(), me.id(), user);

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("not_a_draft");
        assertThat(running.relay().getReceivedMessages()).isEmpty();
    }

    @Test
    void identityOfAnotherUserIsRefused() throws Exception {
        // given
        String user = Seeds.user();
        Identity someoneElses = running.seeds().localIdentity(Seeds.user(), Seeds.address("d", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("y", "example.org"), null).save();

        // when
        Reply reply = deliver(draft.id(), someoneElses.id(), user);

        // then
        assertThat(reply.code()).isEqualTo("identity_not_owned");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void unknownIdentityIsRefused() throws Exception {
        // given
        String user = Seeds.user();
        Message draft = running.seeds().draft(user).to(Seeds.address("y", "example.org"), null).save();

        // when
        Reply reply = deliver(draft.id(), "no-such-identity", user);

        // then
        assertThat(reply.code()).isEqualTo("identity_not_found");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void draftWithoutRecipientIsRefused() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("e", "mesh.test"), null);
        Message draft = running.seeds().draft(user).save();

        // when
        Reply reply = deliver(draft.id(), me.id(), user);

        // then
        assertThat(reply.code()).isEqualTo("no_recipient");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void lineBreakInSubjectIsRefusedAsHeaderInjection() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("f", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("z", "example.org"), null)
                .subject("Hi\r\nBcc: victim@example.org").save();

        // when
        Reply reply = deliver(draft.id(), me.id(), user);

        // then
        assertThat(reply.code()).isEqualTo("header_injection");
        assertThat(reply.message()).contains("subject");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void lineBreakInDisplayNameIsRefusedAsHeaderInjection() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("g", "mesh.test"), null);
        Message draft = running.seeds().draft(user)
                .to(Seeds.address("z", "example.org"), "Zed\nBcc: victim@example.org").save();

        // when
        Reply reply = deliver(draft.id(), me.id(), user);

        // then
        assertThat(reply.code()).isEqualTo("header_injection");
        assertThat(reply.message()).contains("display name");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void lineBreakInAddressIsRefusedAsHeaderInjection() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("h", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to("z@example.org\r\nBcc: victim@example.org", null).save();

        // when
        Reply reply = deliver(draft.id(), me.id(), user);

        // then
        assertThat(reply.code()).isEqualTo("header_injection");
        assertThat(reply.message()).contains("to address");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void lineBreakInSenderDisplayNameIsRefusedAsHeaderInjection() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("i", "mesh.test"), "Me\r\nX-Evil: 1");
        Message draft = running.seeds().draft(user).to(Seeds.address("z", "example.org"), null).save();

        // when
        Reply reply = deliver(draft.id(), me.id(), user);

        // then
        assertThat(reply.code()).isEqualTo("header_injection");
        assertNothingSentAndStillADraft(draft);
    }

    @Test
    void malformedAddressIsRefused() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("j", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to("not an address", null).save();

        // when
        Reply reply = deliver(draft.id(), me.id(), user);

        // then
        assertThat(reply.code()).isEqualTo("invalid_address");
        assertNothingSentAndStillADraft(draft);
    }
}
