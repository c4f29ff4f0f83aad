package io.mailmesh.smtpbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.support.BridgeOnRelay;
import io.mailmesh.smtpbridge.support.Relays;
import io.mailmesh.smtpbridge.support.Seeds;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** deliver on outboundSMTP through a GreenMail relay: what is sent and what is stored. */
class DeliverTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static BridgeOnRelay running = new BridgeOnRelay(nats::url);

    static Reply deliver(Message draft, Identity identity) throws Exception {
        return running.bridge().get(OrderEmitter.class).request(Routes.OUTBOUND_SMTP,
                MessageOrder.deliver(draft.id(), identity.id(), draft.userId()), Duration.ofSeconds(15));
    }

    @Test
    void deliverSendsTheDraftThroughTheRelayWithItsHeaders() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("alice", "mesh.test"), "Alice Example");
        String to = Seeds.address("bob", "example.org");
        String cc = Seeds.address("carol", "example.org");
        String bcc = Seeds.address("dave", "example.org");
        Message draft = running.seeds().draft(user).to(to, "Bob").cc(cc).bcc(bcc).subject("Quarterly figures")
                .replyingTo("<parent@example.org>", List.of("<root@example.org>", "<parent@example.org>")).save();

        // when
        Reply reply = deliver(draft, me);

        // then
        assertThat(reply.error()).as(reply.toString()).isFalse();
        assertThat(reply.message()).isEqualTo("message " + draft.id() + " has been sent.");
        List<MimeMessage> copies = Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id()));
        assertThat(copies).hasSize(3);
        MimeMessage sent = copies.get(0);
        assertThat(((InternetAddress) sent.getFrom()[0]).getAddress()).isEqualTo(me.address());
        assertThat(((InternetAddress) sent.getFrom()[0]).getPersonal()).isEqualTo("Alice Example");
        assertThat(sent.getRecipients(RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly(to);
        assertThat(sent.getRecipients(RecipientType.CC)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly(cc);
        assertThat(sent.getHeader("Bcc")).isNull();
        assertThat(sent.getSubject()).isEqualTo("Quarterly figures");
        assertThat(sent.getSentDate()).isNotNull();
        assertThat(sent.getHeader("In-Reply-To", null)).isEqualTo("<parent@example.org>");
        assertThat(sent.getHeader("References", null).replaceAll("\\s+", " "))
                .isEqualTo("<root@example.org> <parent@example.org>");
        assertThat(sent.isMimeType("multipart/alternative")).isTrue();
        MimeMultipart body = (MimeMultipart) sent.getContent();
        assertThat(body.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(body.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(body.getBodyPart(1).getContent().toString()).contains("<b>HTML</b>");
    }

    @Test
    void deliverMarksTheMessageSentAndStoresTheSentRawMessage() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("erin", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("frank", "example.org"), null).bcc(
                Seeds.address("hidden", "example.org")).save();

        // when
        Reply reply = deliver(draft, me);

        // then
        assertThat(reply.error()).as(reply.toString()).isFalse();
        Message sent = running.store().messages().message(user, draft.id());
        assertThat(sent.draft()).isFalse();
        assertThat(sent.received()).isFalse();
        assertThat(sent.date()).isNotNull();
        assertThat(sent.externalRefs().messageId()).isEqualTo(Relays.messageIdOf(draft.id()));
        assertThat(sent.tags()).noneMatch(t -> t.startsWith("$smtp-bridge"));
        assertThat(sent.identityIds()).contains(me.id());
        RawMessage raw = running.store().rawMessages().rawMessage(sent.rawMessageId());
        assertThat(raw.delivered()).isTrue();
        MimeMessage stored = new MimeMessage(null,
                new ByteArrayInputStream(running.store().rawMessages().rawMessageBytes(sent.rawMessageId())));
        assertThat(stored.getMessageID()).isEqualTo(Relays.messageIdOf(draft.id()));
        assertThat(stored.getHeader("Bcc")).isNull();
    }

    @Test
    void nonAsciiSubjectIsEncodedAndRoundTrips() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("gaelle", "mesh.test"), "Gaëlle Lefèvre");
        String subject = "Réunion à 14h — 会议 ✓";
        Message draft = running.seeds().draft(user).to(Seeds.address("henri", "example.org"), "Henri Ünal")
                .subject(subject).save();

        // when
        Reply reply = deliver(draft, me);

        // then
        assertThat(reply.error()).as(reply.toString()).isFalse();
        MimeMessage sent = Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id())).get(0);
        assertThat(sent.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(sent.getSubject()).isEqualTo(subject);
        assertThat(((InternetAddress) sent.getFrom()[0]).getPersonal()).isEqualTo("Gaëlle Lefèvre");
    }

    @Test
    void deliverOfASentMessageAnswersAlreadySentAndSendsNothing() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("ivan", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("judy", "example.org"), null).save();
        assertThat(deliver(draft, me).error()).isFalse();

        // when
        Reply again = deliver(draft, me);

        // then
        assertThat(again.error()).isFalse();
        assertThat(again.message()).isEqualTo("message " + draft.id() + " has already been sent.");
        assertThat(Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id()))).hasSize(1);
    }

    @Test
    void concurrentDeliversOfOneDraftSendItOnce() throws Exception {
        // given
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("kim", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("leo", "example.org"), null).save();
        OrderEmitter emitter = running.bridge().get(OrderEmitter.class);
        MessageOrder order = MessageOrder.deliver(draft.id(), me.id(), user);

        // when
        List<Reply> replies = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> emitter.requestAsync(Routes.OUTBOUND_SMTP, order, Duration.ofSeconds(15))).toList()
                .stream().map(java.util.concurrent.CompletableFuture::join).toList();

        // then
        assertThat(replies).allSatisfy(r -> assertThat(r.error()).as(r.toString()).isFalse());
        assertThat(replies).filteredOn(r -> r.message().endsWith("has been sent.")).hasSize(1);
        assertThat(Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id()))).hasSize(1);
    }

    @Test
    void draftClaimedByADeliverThatDiedIsSentOnceItsLeaseEnds() throws Exception {
        // given: a claim left by a deliver whose process died mid-send, its lease over
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("mia", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("ned", "example.org"), null).save();
        running.store().messages().updateMessage(user, draft.id(), m -> m.withTags(List.of("work",
                "$smtp-bridge:sending:dead-process:" + java.time.Instant.now().minusSeconds(1).toEpochMilli())));

        // when
        Reply reply = deliver(draft, me);

        // then
        assertThat(reply.error()).as(reply.toString()).isFalse();
        assertThat(reply.message()).endsWith("has been sent.");
        assertThat(Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id()))).hasSize(1);
        assertThat(running.store().messages().message(user, draft.id()).tags()).containsExactly("work");
    }

    @Test
    void draftClaimedByAnotherLiveDeliverAnswersDeliveryInProgressAndSendsNothing() throws Exception {
        // given: another deliver holds an active claim and never finishes within the wait
        String user = Seeds.user();
        Identity me = running.seeds().localIdentity(user, Seeds.address("olga", "mesh.test"), null);
        Message draft = running.seeds().draft(user).to(Seeds.address("pat", "example.org"), null).save();
        running.store().messages().updateMessage(user, draft.id(), m -> m.withTags(List.of(
                "$smtp-bridge:sending:other:" + java.time.Instant.now().plusSeconds(300).toEpochMilli())));

        // when
        Reply reply = deliver(draft, me);

        // then
        assertThat(reply.error()).isTrue();
        assertThat(reply.code()).isEqualTo("delivery_in_progress");
        assertThat(Relays.copiesOf(running.relay(), Relays.messageIdOf(draft.id()))).isEmpty();
        assertThat(running.store().messages().message(user, draft.id()).draft()).isTrue();
    }
}
