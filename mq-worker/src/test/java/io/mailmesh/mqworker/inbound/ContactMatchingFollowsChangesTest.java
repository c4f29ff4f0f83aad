package io.mailmesh.mqworker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mqworker.testing.Mails;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.mqworker.testing.WorkerExtension;
import io.mailmesh.orders.Keys;
import io.mailmesh.orders.Reply;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Participants are matched through an in-memory cache of contact lookups; a contact change written by another
 * process (here: the store directly, as the API does) reaches the next mails.
 */
class ContactMatchingFollowsChangesTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @RegisterExtension
    static WorkerExtension running = new WorkerExtension(nats::url);

    Worker worker;
    static final AtomicInteger MAILS = new AtomicInteger();

    String userId;
    String identityId;

    @BeforeEach
    void newUser() {
        worker = running.worker();
        userId = worker.newUser();
        identityId = worker.newIdentity(userId, Protocol.IMAP, "bob@example.net");
    }

    @Test
    void aContactCreatedAfterMailsFromItsAddressIsMatchedInTheNextMails() throws Exception {
        // given a mail from dora while she is nobody's contact
        assertThat(contactIdsOfSender("dora@example.org")).isEmpty();
        // when she becomes a contact
        worker.store().contacts().putContact(new Contact("c-dora", userId, "Dora", null, null,
                List.of(new ContactEmail("dora@example.org", null)), List.of(), List.of()));
        // then the next mails from her carry the contact
        assertThat(eventuallySender("dora@example.org", List.of("c-dora"))).isTrue();
    }

    @Test
    void anAddressRemovedFromAContactIsNoLongerMatched() throws Exception {
        // given
        worker.store().contacts().putContact(new Contact("c-erin", userId, "Erin", null, null,
                List.of(new ContactEmail("erin@example.org", null)), List.of(), List.of()));
        assertThat(contactIdsOfSender("erin@example.org")).containsExactly("c-erin");
        // when
        worker.store().contacts().updateContact(userId, "c-erin", c -> new Contact(c.id(), c.userId(), c.displayName(),
                null, null, List.of(new ContactEmail("erin@elsewhere.example", null)), List.of(), List.of()));
        // then
        assertThat(eventuallySender("erin@example.org", List.of())).isTrue();
    }

    /** Sends fresh mails from {@code sender} until one carries {@code wanted}, for up to 10 seconds. */
    private boolean eventuallySender(String sender, List<String> wanted) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (contactIdsOfSender(sender).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private List<String> contactIdsOfSender(String sender) throws Exception {
        String raw = Mails.simple("follow-" + MAILS.incrementAndGet() + "@example.org", sender, "bob@example.net",
                "hi", "hello");
        Reply reply = worker.inboundEmail(userId, identityId, worker.storeRaw(raw.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(reply.error()).as(reply.message()).isFalse();
        Message message = worker.store().messages().message(userId, reply.field(Keys.MESSAGE_ID));
        return message.participants().stream().filter(p -> p.address().equals(sender)).findFirst()
                .map(Participant::contactIds).orElseThrow();
    }
}
