package io.mailmesh.mqworker.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.mqworker.testing.Mails;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.mqworker.testing.WorkerExtension;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.Keys;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** contact_update on contactAction, published over a real nats-server to the running worker. */
class ContactUpdateTest {
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

    private Message importMail(String messageId, String from) throws Exception {
        Reply reply = worker.inboundEmail(userId, identityId, worker.storeRaw(Mails.simple(messageId, from,
                "bob@example.net", "s", "b")));
        assertThat(reply.error()).as(reply.message()).isFalse();
        return worker.store().messages().message(userId, reply.field(Keys.MESSAGE_ID));
    }

    private List<String> linksOf(String messageId, String address) {
        return worker.store().messages().message(userId, messageId).participants().stream()
                .filter(p -> p.address().equals(address)).findFirst().orElseThrow().contactIds();
    }

    private void publishUpdate(String contactId) {
        worker.emitter().publish(Routes.CONTACT_ACTION, ContactOrder.of(OrderType.CONTACT_UPDATE, contactId, userId));
    }

    @Test
    void existingMessagesAndDiscussionsOfTheContactsAddressesAreLinkedToIt() throws Exception {
        // given: 250 messages from carol (more than one batch) exist before carol is a contact
        List<String> carolMessages = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            carolMessages.add(importMail("carol-" + i + "@example.com", "carol@example.com").id());
        }
        Message other = importMail("dave-1@example.com", "dave@example.com");
        worker.store().contacts().putContact(new Contact("c-carol", userId, "Carol", "Cook", null,
                List.of(new ContactEmail(" Carol@Example.com ", null)), List.of(), List.of()));
        // when
        publishUpdate("c-carol");
        // then
        TestWorkers.await(Duration.ofSeconds(30), "carol's messages linked", () -> carolMessages.stream()
                .allMatch(id -> linksOf(id, "carol@example.com").equals(List.of("c-carol"))));
        assertThat(linksOf(other.id(), "dave@example.com")).isEmpty();
        Discussion discussion = worker.store().discussions().discussion(userId,
                worker.store().messages().message(userId, carolMessages.get(0)).discussionId());
        assertThat(discussion.participants()).filteredOn(p -> p.address().equals("carol@example.com"))
                .extracting(Participant::contactIds).containsExactly(List.of("c-carol"));
        Contact carol = worker.store().contacts().contact(userId, "c-carol");
        assertThat(carol.displayName()).isEqualTo("Carol Cook");
        assertThat(carol.emails()).containsExactly(new ContactEmail("carol@example.com", null));
    }

    @Test
    void anAddressRemovedFromTheContactIsUnlinked() throws Exception {
        // given
        worker.store().contacts().putContact(new Contact("c-erin", userId, null, null, "Erin",
                List.of(new ContactEmail("erin@old.example", null), new ContactEmail("erin@new.example", null)),
                List.of(), List.of()));
        Message old = importMail("erin-1@old.example", "erin@old.example");
        assertThat(linksOf(old.id(), "erin@old.example")).containsExactly("c-erin");
        worker.store().contacts().updateContact(userId, "c-erin",
                c -> c.withEmails(List.of(new ContactEmail("erin@new.example", null))));
        // when
        publishUpdate("c-erin");
        // then
        TestWorkers.await(Duration.ofSeconds(20), "old address unlinked",
                () -> linksOf(old.id(), "erin@old.example").isEmpty());
        assertThat(worker.store().contacts().contactByEmail(userId, "erin@old.example")).isEmpty();
    }

    @Test
    void derivedFieldsPutThePrimaryAddressFirstAndCountTheStoredKeys() {
        // given
        worker.store().contacts().putContact(new Contact("c-fay", userId, null, null, null,
                List.of(new ContactEmail("fay@work.example", "work"), new ContactEmail("FAY@home.example", "primary"),
                        new ContactEmail("fay@work.example", null)), List.of(), List.of("stale-key")));
        worker.store().publicKeys().putPublicKey(new PublicKey("k1", userId, "c-fay", "AB", "RSA", 2048,
                Instant.now(), null, List.of("fay <fay@home.example>"), "armored", null));
        // when
        publishUpdate("c-fay");
        // then
        TestWorkers.await(Duration.ofSeconds(20), "derived fields", () -> worker.store().contacts()
                .contact(userId, "c-fay").publicKeyIds().equals(List.of("k1")));
        Contact fay = worker.store().contacts().contact(userId, "c-fay");
        assertThat(fay.emails()).containsExactly(new ContactEmail("fay@home.example", "primary"),
                new ContactEmail("fay@work.example", "work"));
        assertThat(fay.displayName()).isEqualTo("fay@home.example");
        assertThat(worker.store().contacts().contactByEmail(userId, "fay@home.example")).map(Contact::id)
                .contains("c-fay");
    }

    @Test
    void anAddressTakenByAnotherContactIsClaimedBackOnUpdate() {
        // given: gus and a later contact share an address; the later write took the lookup
        worker.store().contacts().putContact(new Contact("c-gus", userId, null, null, "Gus",
                List.of(new ContactEmail("gus@example.com", null)), List.of(), List.of()));
        worker.store().contacts().putContact(new Contact("c-gus-dup", userId, null, null, "Gus twin",
                List.of(new ContactEmail("gus@example.com", null)), List.of(), List.of()));
        // when
        publishUpdate("c-gus");
        // then
        TestWorkers.await(Duration.ofSeconds(20), "lookup repaired", () -> worker.store().contacts()
                .contactByEmail(userId, "gus@example.com").map(Contact::id).filter("c-gus"::equals).isPresent());
    }
}
