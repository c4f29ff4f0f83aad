package io.mailmesh.mqworker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.AttachmentInfo;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mqworker.testing.Mails;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.mqworker.testing.WorkerExtension;
import io.mailmesh.orders.Keys;
import io.mailmesh.orders.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** process_inbound on inboundSMTP, over a real nats-server against the running worker. */
class EmailInboundTest {
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
        identityId = worker.newIdentity(userId, Protocol.IMAP, "bob@example.net");
    }

    private Message imported(Reply reply) {
        assertThat(reply.error()).as(reply.message()).isFalse();
        return worker.store().messages().message(userId, reply.field(Keys.MESSAGE_ID));
    }

    private Reply send(byte[] raw) throws Exception {
        return worker.inboundEmail(userId, identityId, worker.storeRaw(raw));
    }

    private Reply send(String raw) throws Exception {
        return send(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void multipartAlternativeKeepsPlainAndHtmlBodies() throws Exception {
        // given
        String raw = Mails.alternative("alt-1@example.org");
        // when
        Reply reply = send(raw);
        // then
        Message message = imported(reply);
        assertThat(reply.message()).isEqualTo("message imported");
        assertThat(message.bodyPlain()).isEqualTo("Plain version");
        assertThat(message.bodyHtml()).isEqualTo("<p>HTML <b>version</b></p>");
        assertThat(message.received()).isTrue();
        assertThat(message.unread()).isTrue();
        assertThat(message.participants()).extracting(Participant::address, Participant::role, Participant::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice@example.org", ParticipantRole.FROM,
                        "Alice Example"), org.assertj.core.groups.Tuple.tuple("bob@example.net", ParticipantRole.TO,
                        null));
        assertThat(message.tags()).isEmpty();
        assertThat(message.discussionId()).isEqualTo(reply.field(Keys.DISCUSSION_ID));
    }

    @Test
    void aMailFetchedFromTheSentFolderIsImportedAsSentWhateverAliasItIsFrom() throws Exception {
        // given: the account's Sent folder holds a mail From an alias the mesh does not know
        String raw = Mails.simple("sent-alias-1@example.net", "bob.alias@example.net", "carol@example.org",
                "From my alias", "Hello");
        String rawId = worker.storeRaw(raw, new FetchMetadata(Protocol.IMAP, "Sent", 7, List.of("\\Seen"), true));
        // when
        Reply reply = worker.inboundEmail(userId, identityId, rawId);
        // then
        Message message = imported(reply);
        assertThat(message.received()).isFalse();
        assertThat(message.unread()).isFalse();
    }

    @Test
    void theSameMailFetchedFromAnotherFolderIsImportedAsReceived() throws Exception {
        // given
        String raw = Mails.simple("inbox-alias-1@example.net", "bob.alias@example.net", "carol@example.org",
                "From my alias", "Hello");
        String rawId = worker.storeRaw(raw, new FetchMetadata(Protocol.IMAP, "Archive", 7, List.of()));
        // when
        Reply reply = worker.inboundEmail(userId, identityId, rawId);
        // then
        assertThat(imported(reply).received()).isTrue();
    }

    @Test
    void attachmentsAreListedWithDecodedSizeNameAndContentId() throws Exception {
        // given
        byte[] pdf = new byte[3000];
        for (int i = 0; i < pdf.length; i++) {
            pdf[i] = (byte) i;
        }
        // when
        Message message = imported(send(Mails.withAttachments("att-1@example.org", pdf)));
        // then
        assertThat(message.bodyPlain()).isEqualTo("see attached");
        assertThat(message.bodyHtml()).isEqualTo("<p>see attached</p>");
        assertThat(message.attachments()).containsExactly(
                new AttachmentInfo("report.pdf", "application/pdf", 3000, "part1@example.org"),
                new AttachmentInfo("résumé.txt", "text/plain", 2, null));
    }

    @Test
    void eightBitUtf8BodyAndBase64Utf8SubjectAreDecoded() throws Exception {
        // when
        Message message = imported(send(Mails.eightBitUtf8("8bit-1@example.org")));
        // then
        assertThat(message.subject()).isEqualTo("Çá va — 日本");
        assertThat(message.bodyPlain()).isEqualTo("Grüße aus Köln — 日本\r\n");
    }

    @Test
    void quotedPrintableLatin1BodyAndLatin1SubjectAreDecoded() throws Exception {
        // when
        Message message = imported(send(Mails.quotedPrintableLatin1("qp-1@example.org")));
        // then
        assertThat(message.subject()).isEqualTo("Café crème");
        assertThat(message.bodyPlain()).isEqualTo("Déjà vu, très long.\r\n");
        assertThat(message.participants().get(0).label()).isEqualTo("François");
    }

    @Test
    void base64BodyIsDecoded() throws Exception {
        // when
        Message message = imported(send(Mails.base64Body("b64-1@example.org", "zwölf Boxkämpfer")));
        // then
        assertThat(message.bodyPlain()).isEqualTo("zwölf Boxkämpfer");
    }

    @Test
    void mailsOfOneListShareTheListDiscussionWithTheListAsParticipant() throws Exception {
        // given
        Message first = imported(send(Mails.mailingList("list-1@example.org", "carol@example.com")));
        // when
        Message second = imported(send(Mails.mailingList("list-2@example.org", "dave@example.com")));
        // then
        assertThat(second.discussionId()).isEqualTo(first.discussionId());
        assertThat(second.participants()).anySatisfy(p -> {
            assertThat(p.address()).isEqualTo("dev.lists.example.org");
            assertThat(p.label()).isEqualTo("Developers");
        });
        Discussion discussion = worker.store().discussions().discussion(userId, first.discussionId());
        assertThat(discussion.messageCount()).isEqualTo(2);
    }

    @Test
    void threeMessageReplyChainLandsInOneDiscussion() throws Exception {
        // given
        Message first = imported(send(Mails.simple("chain-1@example.org", "alice@example.org", "bob@example.net",
                "plans", "shall we?")));
        Message second = imported(send(Mails.reply("chain-2@example.net", "chain-1@example.org",
                "<chain-1@example.org>", "bob@example.net", "alice@example.org", "Tue, 14 Nov 2023 11:00:00 +0000",
                "yes")));
        // when: the third adds a participant, so only the references can place it
        Message third = imported(send(Mails.reply("chain-3@example.org", "chain-2@example.net",
                "<chain-1@example.org> <chain-2@example.net>", "alice@example.org",
                "bob@example.net, carol@example.com", "Tue, 14 Nov 2023 12:00:00 +0000", "great, adding Carol")));
        // then
        assertThat(second.discussionId()).isEqualTo(first.discussionId());
        assertThat(third.discussionId()).isEqualTo(first.discussionId());
        Discussion discussion = worker.store().discussions().discussion(userId, first.discussionId());
        assertThat(discussion.messageCount()).isEqualTo(3);
        assertThat(discussion.excerpt()).isEqualTo("great, adding Carol");
        assertThat(discussion.lastMessageDate()).isEqualTo(third.date());
        assertThat(discussion.participants()).extracting(Participant::address)
                .contains("alice@example.org", "bob@example.net", "carol@example.com");
    }

    @Test
    void unrelatedMailsBetweenTheSamePeopleShareTheParticipantDiscussion() throws Exception {
        // given
        Message first = imported(send(Mails.simple("pair-1@example.org", "alice@example.org", "bob@example.net",
                "one", "first")));
        // when
        Message second = imported(send(Mails.simple("pair-2@example.org", "Bob@Example.net", "ALICE@example.org",
                "two", "second")));
        // then
        assertThat(second.discussionId()).isEqualTo(first.discussionId()).startsWith("p");
    }

    @Test
    void duplicateMessageIdAnswersAlreadyImportedAndRecordsTheOtherIdentity() throws Exception {
        // given
        String raw = Mails.simple("dup-1@example.org", "alice@example.org", "bob@example.net", "dup", "once");
        Reply first = send(raw);
        String otherIdentity = worker.newIdentity(userId, Protocol.SMTP, "bob@example.net");
        // when
        Reply second = worker.inboundEmail(userId, otherIdentity, worker.storeRaw(raw));
        // then
        assertThat(second.error()).isFalse();
        assertThat(second.message()).isEqualTo("already imported");
        assertThat(second.fields()).isEqualTo(first.fields());
        Message message = worker.store().messages().message(userId, first.field(Keys.MESSAGE_ID));
        assertThat(message.identityIds()).containsExactly(identityId, otherIdentity);
        assertThat(worker.store().discussions().discussion(userId, message.discussionId()).messageCount())
                .isEqualTo(1);
    }

    @Test
    void aMessageStoredButNeverCountedIsCountedByTheNextImportOfTheSameMail() throws Exception {
        // given the state a crash right after storing the message leaves: the message, no count, no counted mark
        String raw = Mails.simple("crash-1@example.org", "alice@example.org", "bob@example.net", "crash", "half");
        Message stored = imported(send(raw));
        worker.store().messages().deleteMessage(userId, stored.id());
        worker.store().discussions().deleteDiscussion(userId, stored.discussionId());
        worker.store().messages().createMessage(stored);
        // when the bridge retries the order
        Reply retried = send(raw);
        // then
        assertThat(retried.message()).isEqualTo("already imported");
        assertThat(worker.store().discussions().discussion(userId, stored.discussionId()).messageCount())
                .isEqualTo(1);
    }

    @Test
    void aSecondImportOfACountedMessageDoesNotCountItAgain() throws Exception {
        // given
        String raw = Mails.simple("twice-1@example.org", "alice@example.org", "bob@example.net", "twice", "again");
        Message stored = imported(send(raw));
        // when
        Reply again = send(raw);
        // then
        assertThat(again.message()).isEqualTo("already imported");
        assertThat(worker.store().discussions().discussion(userId, stored.discussionId()).messageCount())
                .isEqualTo(1);
    }

    @Test
    void concurrentImportsOfOneMessageIdMakeOneMessageCountedOnce() throws Exception {
        // given
        String raw = Mails.simple("race-1@example.org", "alice@example.org", "bob@example.net", "race", "go");
        List<String> rawIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rawIds.add(worker.storeRaw(raw));
        }
        ExecutorService pool = Executors.newFixedThreadPool(rawIds.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        // when
        for (String rawId : rawIds) {
            Callable<Reply> call = () -> {
                start.await();
                return worker.inboundEmail(userId, identityId, rawId);
            };
            replies.add(pool.submit(call));
        }
        start.countDown();
        List<Reply> results = new ArrayList<>();
        for (Future<Reply> f : replies) {
            results.add(f.get());
        }
        pool.shutdown();
        // then
        assertThat(results).allSatisfy(r -> assertThat(r.error()).isFalse());
        assertThat(results.stream().map(r -> r.field(Keys.MESSAGE_ID)).collect(Collectors.toSet())).hasSize(1);
        assertThat(results.stream().filter(r -> r.message().equals("message imported")).count()).isEqualTo(1);
        assertThat(worker.store().messages().messagesOf(userId, null, 100).items()).hasSize(1);
        String discussionId = results.get(0).field(Keys.DISCUSSION_ID);
        assertThat(worker.store().discussions().discussion(userId, discussionId).messageCount()).isEqualTo(1);
    }

    @Test
    void damagedMimeIsImportedWithWhatCanBeReadAndAParseWarning() throws Exception {
        // when
        Message message = imported(send(Mails.damaged("broken-1@example.org")));
        // then
        assertThat(message.subject()).isEqualTo("broken");
        assertThat(message.bodyPlain()).contains("text that survives");
        assertThat(message.tags()).contains(MessageImporter.PARSE_WARNING)
                .anySatisfy(t -> assertThat(t).startsWith("parse_warning: unreadable multipart"));
    }

    @Test
    void unknownCharsetIsReadAsUtf8WithAParseWarning() throws Exception {
        // given
        String raw = Mails.crlf("From: alice@example.org", "To: bob@example.net", "Subject: odd",
                "Message-ID: <charset-1@example.org>", "Content-Type: text/plain; charset=x-no-such-charset", "",
                "héllo");
        // when
        Message message = imported(send(raw));
        // then
        assertThat(message.bodyPlain()).isEqualTo("héllo\r\n");
        assertThat(message.tags()).anySatisfy(t -> assertThat(t).contains("unknown charset"));
    }

    @Test
    void rawMessageWithoutHeaderIsAnError() throws Exception {
        // when
        Reply reply = send("\r\njust a body, no header at all\r\n");
        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("unreadable_message");
        assertThat(reply.message()).contains("no header");
    }

    @Test
    void missingRawMessageIsAnError() throws Exception {
        // when
        Reply reply = worker.inboundEmail(userId, identityId, "no-such-raw");
        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("raw_message_not_found");
    }

    @Test
    void identityOfAnotherUserIsRefused() throws Exception {
        // given
        String otherUser = worker.newUser();
        String othersIdentity = worker.newIdentity(otherUser, Protocol.IMAP, "eve@example.com");
        String rawId = worker.storeRaw(Mails.simple("steal-1@example.org", "a@example.org", "b@example.org", "s",
                "b"));
        // when
        Reply reply = worker.inboundEmail(userId, othersIdentity, rawId);
        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("identity_not_owned");
        assertThat(worker.store().messages().messagesOf(userId, null, 10).items()).isEmpty();
    }

    @Test
    void unknownUserIsRefused() throws Exception {
        // given
        String rawId = worker.storeRaw(Mails.simple("nouser-1@example.org", "a@example.org", "b@example.org", "s",
                "b"));
        // when
        Reply reply = worker.inboundEmail("no-such-user", identityId, rawId);
        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("user_not_found");
    }

    @Test
    void participantsAreMatchedToContactsAndTheUsersOwnAddressToTheUser() throws Exception {
        // given
        Contact alice = worker.store().contacts().putContact(new Contact("c-alice", userId, "Alice", null, null,
                List.of(new ContactEmail("alice@example.org", null)), List.of(), List.of()));
        worker.store().users().putUser(new User(userId, "Bob", "c-self"));
        // when
        Message message = imported(send(Mails.simple("match-1@example.org", "Alice <ALICE@example.org>",
                "bob@example.net, stranger@example.com", "hi", "hello")));
        // then
        assertThat(message.participants()).extracting(Participant::address, Participant::contactIds)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice@example.org", List.of(alice.id())),
                        org.assertj.core.groups.Tuple.tuple("bob@example.net", List.of("c-self")),
                        org.assertj.core.groups.Tuple.tuple("stranger@example.com", List.of()));
        assertThat(Set.copyOf(message.identityIds())).containsExactly(identityId);
    }
}
