package io.mailmesh.mqworker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mqworker.testing.Mails;
import io.mailmesh.mqworker.testing.Worker;
import io.mailmesh.mqworker.testing.WorkerExtension;
import io.mailmesh.orders.Keys;
import io.mailmesh.orders.Reply;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An order's user and identities are read once for a burst of orders (OwnerResolver's caches), yet what was missing
 * or added since is seen by the next order.
 */
class OwnerLookupTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @RegisterExtension
    static WorkerExtension running = new WorkerExtension(nats::url);

    Worker worker;

    @BeforeEach
    void worker() {
        worker = running.worker();
    }

    @Test
    void givenAnOrderRefusedBecauseItsUserIsNotStoredYet_whenTheUserIsStored_thenTheSameOrderIsImported()
            throws Exception {
        // given an order for a user that is not stored yet
        String userId = Ids.newId();
        String identityId = worker.newIdentity(userId, Protocol.IMAP, "late@example.net");
        String rawId = worker.storeRaw(Mails.simple("late-1@example.org", "a@example.org", "late@example.net", "s",
                "b"));
        assertThat(worker.inboundEmail(userId, identityId, rawId).code()).isEqualTo("user_not_found");

        // when the user is stored
        worker.store().users().putUser(new User(userId, "Late", null));

        // then the same order, sent again at once, is imported: a user not found was not remembered
        Reply reply = worker.inboundEmail(userId, identityId, rawId);
        assertThat(reply.error()).as(reply.message()).isFalse();
    }

    @Test
    void givenTheUsersAddressesReadForAnImport_whenIdentitiesAreAddedAndAMailComesToOne_thenAllAreTheUsersOwn()
            throws Exception {
        // given a user whose addresses were read for a first import
        String userId = worker.newUser();
        worker.store().users().putUser(new User(userId, "Bob", "c-self"));
        String first = worker.newIdentity(userId, Protocol.IMAP, "bob@example.net");
        assertThat(worker.inboundEmail(userId, first, worker.storeRaw(Mails.simple("own-1@example.org",
                "a@example.org", "bob@example.net", "s", "b"))).error()).isFalse();

        // when two identities are added and a mail comes to one of them, copied to the other
        String second = worker.newIdentity(userId, Protocol.IMAP, "bob@work.example");
        worker.newIdentity(userId, Protocol.IMAP, "bob@home.example");
        Reply reply = worker.inboundEmail(userId, second, worker.storeRaw(Mails.simple("own-2@example.org",
                "a@example.org", "bob@work.example, bob@home.example", "s", "b")));

        // then both addresses are matched to the user: the cached listing lacked the identity and was read again
        assertThat(reply.error()).as(reply.message()).isFalse();
        Message message = worker.store().messages().message(userId, reply.field(Keys.MESSAGE_ID));
        assertThat(message.participants()).filteredOn(p -> p.address().startsWith("bob@"))
                .extracting(Participant::address, Participant::contactIds)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("bob@work.example", List.of("c-self")),
                        org.assertj.core.groups.Tuple.tuple("bob@home.example", List.of("c-self")));
    }
}
