package io.mailmesh.mqworker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.SocialIdentity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.mqworker.testing.WorkerExtension;
import io.mailmesh.orders.Keys;
import io.mailmesh.orders.Reply;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** process_inbound on inboundTwitter, over a real nats-server against the running worker. */
class TwitterInboundTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @RegisterExtension
    static WorkerExtension running = new WorkerExtension(nats::url);

    Worker worker;

    String userId;
    String identityId;

    @BeforeEach
    void newUser() {
        worker = running.worker();
        userId = worker.newUser();
        identityId = worker.newIdentity(userId, Protocol.TWITTER, "@MeshUser");
    }

    static String dm(String id, String sender, String recipient, String text) {
        return """
                {"type":"message_create","id":"%s","created_timestamp":"1700000000000",
                 "sender_screen_name":"%s","recipient_screen_name":"%s",
                 "message_create":{"target":{"recipient_id":"222"},"sender_id":"111",
                 "message_data":{"text":"%s"}}}""".formatted(id, sender, recipient, text);
    }

    @Test
    void directMessageIsImportedWithTwitterParticipants() throws Exception {
        // given
        Contact friend = worker.store().contacts().putContact(new Contact("c-friend", userId, null, null, "Friend",
                List.of(), List.of(new SocialIdentity("twitter", "Friend")), List.of()));
        String rawId = worker.storeRaw(dm("9001", "Friend", "meshuser", "hi there"));
        // when
        Reply reply = worker.inboundTwitter(userId, identityId, rawId);
        // then
        assertThat(reply.error()).as(reply.message()).isFalse();
        Message message = worker.store().messages().message(userId, reply.field(Keys.MESSAGE_ID));
        assertThat(message.bodyPlain()).isEqualTo("hi there");
        assertThat(message.date()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(message.externalRefs().dmId()).isEqualTo("9001");
        assertThat(message.received()).isTrue();
        assertThat(message.participants()).extracting(Participant::protocol, Participant::address,
                Participant::role, Participant::contactIds).containsExactly(
                        Tuple.tuple(Protocol.TWITTER, "friend", ParticipantRole.FROM, List.of(friend.id())),
                        Tuple.tuple(Protocol.TWITTER, "meshuser", ParticipantRole.TO, List.of()));
        assertThat(worker.store().discussions().discussion(userId, message.discussionId()).messageCount())
                .isEqualTo(1);
    }

    @Test
    void repliesBetweenTheSameAccountsShareADiscussion() throws Exception {
        // given
        Reply first = worker.inboundTwitter(userId, identityId, worker.storeRaw(dm("1", "friend", "meshuser",
                "ping")));
        // when
        Reply second = worker.inboundTwitter(userId, identityId, worker.storeRaw(dm("2", "meshuser", "friend",
                "pong")));
        // then
        assertThat(second.field(Keys.DISCUSSION_ID)).isEqualTo(first.field(Keys.DISCUSSION_ID));
        Message sent = worker.store().messages().message(userId, second.field(Keys.MESSAGE_ID));
        assertThat(sent.received()).isFalse();
    }

    @Test
    void duplicateDmIdAnswersAlreadyImported() throws Exception {
        // given
        String raw = dm("77", "friend", "meshuser", "once");
        Reply first = worker.inboundTwitter(userId, identityId, worker.storeRaw(raw));
        // when
        Reply second = worker.inboundTwitter(userId, identityId, worker.storeRaw(raw));
        // then
        assertThat(second.message()).isEqualTo("already imported");
        assertThat(second.fields()).isEqualTo(first.fields());
        assertThat(worker.store().messages().messagesOf(userId, null, 10).items()).hasSize(1);
    }

    @Test
    void eventThatIsNotADirectMessageIsRefused() throws Exception {
        // when
        Reply reply = worker.inboundTwitter(userId, identityId, worker.storeRaw("{\"id\":\"5\"}"));
        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("unreadable_message");
        assertThat(reply.message()).contains("sender_id");
    }

    @Test
    void emailIdentityOnTheTwitterRouteIsRefused() throws Exception {
        // given
        String emailIdentity = worker.newIdentity(userId, Protocol.IMAP, "me@example.org");
        // when
        Reply reply = worker.inboundTwitter(userId, emailIdentity, worker.storeRaw(dm("3", "a", "b", "c")));
        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("wrong_protocol");
    }
}
