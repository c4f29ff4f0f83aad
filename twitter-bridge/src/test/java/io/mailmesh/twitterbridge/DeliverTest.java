package io.mailmesh.twitterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeliverTest extends BridgeTestBase {

    @Test
    void deliverSendsTheDraftAndMarksItSent() throws Exception {
        // given
        Account alice = newAccount("alice_send");
        long bob = newTwitterUser("bob_send");
        Message draft = draft(alice, "bob_send", "hello bob");

        // when
        Reply reply = request(deliver(alice, draft));

        // then
        assertThat(reply.error()).as(reply.message()).isFalse();
        assertThat(reply.message()).isEqualTo("sent");
        assertThat(reply.field("message_id")).isEqualTo(draft.id());
        List<JsonNode> sent = sentBy(alice);
        assertThat(sent).hasSize(1);
        JsonNode dm = sent.get(0);
        assertThat(dm.path("message_create").path("target").path("recipient_id").asText())
                .isEqualTo(String.valueOf(bob));
        assertThat(dm.path("message_create").path("message_data").path("text").asText()).isEqualTo("hello bob");
        assertThat(twitter.requests("users/show.json")).anyMatch(r -> "bob_send".equals(r.params()
                .get("screen_name")));
        Message stored = store.messages().message(alice.userId(), draft.id());
        assertThat(stored.draft()).isFalse();
        assertThat(stored.externalRefs().dmId()).isEqualTo(dm.path("id").asText());
        assertThat(stored.tags()).isEmpty();
        JsonNode raw = rawJson(stored.rawMessageId());
        assertThat(raw.path("id").asText()).isEqualTo(dm.path("id").asText());
        assertThat(raw.path("sender_screen_name").asText()).isEqualTo("alice_send");
        assertThat(raw.path("recipient_screen_name").asText()).isEqualTo("bob_send");
    }

    @Test
    void deliverOfSentMessageAnswersAlreadySent() throws Exception {
        // given a draft delivered once
        Account alice = newAccount("alice_twice");
        newTwitterUser("bob_twice");
        Message draft = draft(alice, "bob_twice", "only once");
        assertThat(request(deliver(alice, draft)).message()).isEqualTo("sent");

        // when
        Reply second = request(deliver(alice, draft));

        // then
        assertThat(second.error()).isFalse();
        assertThat(second.message()).isEqualTo("already sent");
        assertThat(sentBy(alice)).hasSize(1);
    }

    @Test
    void concurrentDeliversOfOneDraftSendOnce() throws Exception {
        // given
        Account alice = newAccount("alice_race");
        newTwitterUser("bob_race");
        Message draft = draft(alice, "bob_race", "race");

        // when
        CompletableFuture<Reply> first = emitter().requestAsync(Routes.TWITTER_DM, deliver(alice, draft), WAIT);
        CompletableFuture<Reply> second = emitter().requestAsync(Routes.TWITTER_DM, deliver(alice, draft), WAIT);
        List<Reply> replies = List.of(first.get(), second.get());

        // then
        assertThat(replies).allSatisfy(r -> assertThat(r.error()).as(r.message()).isFalse());
        assertThat(replies).extracting(Reply::message).containsExactlyInAnyOrder("sent", "already sent");
        assertThat(sentBy(alice)).hasSize(1);
    }

    @Test
    void deliverToAnUnknownScreenNameLeavesTheDraftUnsent() throws Exception {
        // given
        Account alice = newAccount("alice_nobody");
        Message draft = draft(alice, "nobody_here", "anyone?");

        // when
        Reply reply = request(deliver(alice, draft));

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("twitter_not_found");
        Message stored = store.messages().message(alice.userId(), draft.id());
        assertThat(stored.draft()).isTrue();
        assertThat(stored.tags()).isEmpty();
        assertThat(sentBy(alice)).isEmpty();
    }

    @Test
    void deliverOfAnUnknownMessageAnswersNotFound() throws Exception {
        // given
        Account alice = newAccount("alice_nomessage");

        // when
        Reply reply = request(MessageOrder.deliver("no-such-message", alice.identityId(), alice.userId()));

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("message_not_found");
    }

    @Test
    void deliverOfADraftWithoutTwitterRecipientIsRejected() throws Exception {
        // given a draft addressed by e-mail
        Account alice = newAccount("alice_email");
        Message draft = store.messages().putMessage(new Message(UUID.randomUUID().toString(), alice.userId(),
                "disc-1", true, false, false, false,
                List.of(new Participant(Protocol.EMAIL, "bob@example.org", null, ParticipantRole.TO, List.of())),
                null, "hello", null, null, null, null, List.of(alice.identityId()), List.of(), List.of()));

        // when
        Reply reply = request(deliver(alice, draft));

        // then
        assertThat(reply.code()).isEqualTo("invalid_recipient");
        assertThat(sentBy(alice)).isEmpty();
    }

    @Test
    void aDeliveredDmIsNotImportedAgainBySync() throws Exception {
        // given a delivered draft
        Account alice = newAccount("alice_noecho");
        newTwitterUser("bob_noecho");
        Message draft = draft(alice, "bob_noecho", "sent from the mesh");
        request(deliver(alice, draft));
        String dmId = store.messages().message(alice.userId(), draft.id()).externalRefs().dmId();

        // when
        Reply reply = sync(alice);

        // then
        assertThat(reply.error()).isFalse();
        assertThat(inboundFor(alice)).isEmpty();
        assertThat(identity(alice).syncState().lastSeenDmId()).isEqualTo(dmId);
    }

    private static Message draft(Account account, String recipient, String text) {
        return store.messages().putMessage(new Message(UUID.randomUUID().toString(), account.userId(),
                "disc-" + UUID.randomUUID(), true, false, false, false,
                List.of(new Participant(Protocol.TWITTER, account.screenName(), null, ParticipantRole.FROM,
                                List.of()),
                        new Participant(Protocol.TWITTER, "@" + recipient, null, ParticipantRole.TO, List.of())),
                null, text, null, null, null, null, List.of(account.identityId()), List.of(), List.of()));
    }

    private static MessageOrder deliver(Account account, Message draft) {
        return MessageOrder.deliver(draft.id(), account.identityId(), account.userId());
    }

    private static List<JsonNode> sentBy(Account account) {
        return twitter.sentDms().stream().filter(d -> d.path("message_create").path("sender_id").asText()
                .equals(String.valueOf(account.twitterId()))).toList();
    }

}
