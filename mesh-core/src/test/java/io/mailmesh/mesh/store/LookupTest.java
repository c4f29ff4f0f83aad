package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LookupTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    Connection connection;
    MeshStore store;

    @BeforeEach
    void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
        store = StoreFixture.openStore(connection);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void anAddressLeadsToItsUserAndLocalIdentity() {
        // given
        Identity local = store.identities().putIdentity(StoreFixture.local("u1", "Ada@Example.org"));
        store.identities().putIdentity(StoreFixture.remoteImap("u2", "remote@example.org"));
        // when / then
        assertThat(store.identities().localIdentityByAddress(" ada@example.ORG ")).contains(local);
        assertThat(store.identities().localIdentityByAddress("remote@example.org")).isEmpty();
        assertThat(store.identities().localIdentityByAddress("nobody@example.org")).isEmpty();
    }

    @Test
    void aLocalAddressBelongsToOneIdentityOnly() {
        // given
        store.identities().putIdentity(StoreFixture.local("u1", "taken@example.org"));
        // when / then
        assertThatThrownBy(() -> store.identities().putIdentity(StoreFixture.local("u2", "TAKEN@example.org")))
                .isInstanceOf(AddressTakenException.class);
    }

    @Test
    void changingALocalAddressMovesTheLookup() {
        // given
        Identity local = store.identities().putIdentity(StoreFixture.local("u1", "old@example.org"));
        // when
        store.identities().updateIdentity(local.id(), i -> new Identity(i.id(), i.userId(), i.kind(), i.protocol(),
                "new@example.org", i.displayName(), null, null, 0, i.status(), i.syncState()));
        // then
        assertThat(store.identities().localIdentityByAddress("old@example.org")).isEmpty();
        assertThat(store.identities().localIdentityByAddress("new@example.org")).map(Identity::id)
                .contains(local.id());
        assertThat(store.identities().putIdentity(StoreFixture.local("u2", "old@example.org")).userId())
                .isEqualTo("u2");
    }

    @Test
    void identitiesAreListedPerUserAndRemoteOnesForTheScheduler() {
        // given
        Identity a = store.identities().putIdentity(StoreFixture.local("u1", "a@example.org"));
        Identity b = store.identities().putIdentity(StoreFixture.remoteImap("u1", "b@example.org"));
        Identity c = store.identities().putIdentity(StoreFixture.remoteImap("u2", "c@example.org"));
        // when
        List<Identity> ofUser1 = store.identities().identitiesOf("u1");
        List<Identity> remote = store.identities().remoteIdentities();
        // then
        assertThat(ofUser1).containsExactlyInAnyOrder(a, b);
        assertThat(remote).containsExactlyInAnyOrder(b, c);
        assertThat(remote).allMatch(i -> i.kind() == IdentityKind.REMOTE);
    }

    @Test
    void deletingAnIdentityRemovesItFromEveryLookup() {
        // given
        Identity local = store.identities().putIdentity(StoreFixture.local("u1", "bye@example.org"));
        Identity remote = store.identities().putIdentity(StoreFixture.remoteImap("u1", "r@example.org"));
        // when
        store.identities().deleteIdentity(local.id());
        store.identities().deleteIdentity(remote.id());
        // then
        assertThat(store.identities().localIdentityByAddress("bye@example.org")).isEmpty();
        assertThat(store.identities().identitiesOf("u1")).isEmpty();
        assertThat(store.identities().remoteIdentities()).isEmpty();
    }

    @Test
    void anExternalMessageIdLeadsToTheUsersMessage() {
        // given
        Message m = store.messages().putMessage(StoreFixture.message("u1", "d1", Instant.now(), "<abc@example.org>"));
        store.messages().putMessage(StoreFixture.message("u2", "d1", Instant.now(), "<other@example.org>"));
        // when / then
        assertThat(store.messages().messageByExternalId("u1", "abc@example.org")).contains(m);
        assertThat(store.messages().messageByExternalId("u1", "<abc@example.org>")).contains(m);
        assertThat(store.messages().messageByExternalId("u2", "<abc@example.org>")).isEmpty();
    }

    @Test
    void anImportedMessageIsFoundByItsMessageIdWithoutALookupEntry() throws Exception {
        // given a message stored under its id for its Message-ID, as mq-worker imports one
        String prefix = StoreFixture.newPrefix();
        MeshStore own = io.mailmesh.mesh.store.jetstream.JetStreamMeshStore.open(connection,
                StoreFixture.settings(prefix));
        Message sample = StoreFixture.message("u1", "d1", Instant.now(), "<imported@example.org>");
        Message imported = new Message(MessageStore.idForExternalId("u1", "imported@example.org"), "u1", "d1", false,
                true, true, false, sample.participants(), sample.subject(), sample.bodyPlain(), sample.bodyHtml(),
                sample.date(), sample.externalRefs(), sample.rawMessageId(), sample.identityIds(), sample.tags(),
                sample.attachments());
        // when
        own.messages().createMessage(imported);
        // then
        assertThat(own.messages().messageByExternalId("u1", "<imported@example.org>")).contains(imported);
        assertThat(own.messages().messageByExternalId("u2", "<imported@example.org>")).isEmpty();
        assertThat(connection.keyValue(prefix + "message_index").keys("x.>")).isEmpty();
    }

    @Test
    void changingAMessageIdMovesTheLookup() {
        // given
        Message m = store.messages().putMessage(StoreFixture.message("u1", "d1", Instant.now(), "<first@x>"));
        // when
        store.messages().updateMessage("u1", m.id(), x -> x.withExternalRefs(
                new ExternalReferences("<second@x>", null, List.of(), null)));
        // then
        assertThat(store.messages().messageByExternalId("u1", "<first@x>")).isEmpty();
        assertThat(store.messages().messageByExternalId("u1", "<second@x>")).map(Message::id).contains(m.id());
    }

    @Test
    void anAddressOrSocialIdLeadsToTheUsersContact() {
        // given
        Contact alice = store.contacts().putContact(StoreFixture.contact("u1", "Alice@Example.org", "AliceTweets"));
        store.contacts().putContact(StoreFixture.contact("u2", "bob@example.org", "bob"));
        // when / then
        assertThat(store.contacts().contactByEmail("u1", "alice@example.org")).contains(alice);
        assertThat(store.contacts().contactBySocialIdentity("u1", "Twitter", "alicetweets")).contains(alice);
        assertThat(store.contacts().contactByEmail("u2", "alice@example.org")).isEmpty();
        assertThat(store.contacts().contactsOf("u1")).containsExactly(alice);
    }

    @Test
    void aContactUpdateKeepsItsLookupsInStep() {
        // given
        Contact alice = store.contacts().putContact(StoreFixture.contact("u1", "old@example.org", "alice"));
        // when
        store.contacts().updateContact("u1", alice.id(),
                c -> c.withEmails(List.of(new ContactEmail("new@example.org", null))));
        // then
        assertThat(store.contacts().contactByEmail("u1", "old@example.org")).isEmpty();
        assertThat(store.contacts().contactByEmail("u1", "new@example.org")).map(Contact::id).contains(alice.id());
    }

    @Test
    void discussionsAreListedNewestFirst() {
        // given
        var older = new io.mailmesh.mesh.store.model.Discussion("d-old", "u1", List.of(), 1,
                Instant.parse("2024-01-01T00:00:00Z"), "a");
        var newer = new io.mailmesh.mesh.store.model.Discussion("d-new", "u1", List.of(), 1,
                Instant.parse("2024-06-01T00:00:00Z"), "b");
        store.discussions().putDiscussion(older);
        store.discussions().putDiscussion(newer);
        // when
        var updated = store.discussions().updateDiscussion("u1", "d-old",
                d -> d.withMessage(Instant.parse("2024-07-01T00:00:00Z"), "c"));
        // then
        assertThat(updated.messageCount()).isEqualTo(2);
        assertThat(store.discussions().discussionsOf("u1")).extracting(d -> d.id()).containsExactly("d-old", "d-new");
    }

    @Test
    void aContactWriteRestoresALostLookup() throws Exception {
        // given a contact whose lookup entries are gone (as after a crash between the two writes)
        String prefix = StoreFixture.newPrefix();
        MeshStore isolated = io.mailmesh.mesh.store.jetstream.JetStreamMeshStore.open(connection,
                StoreFixture.settings(prefix));
        Contact alice = isolated.contacts().putContact(StoreFixture.contact("u1", "lost@example.org", "alice"));
        io.nats.client.KeyValue index = connection.keyValue(prefix + "contact_index");
        for (String key : index.keys()) {
            index.delete(key);
        }
        assertThat(isolated.contacts().contactByEmail("u1", "lost@example.org")).isEmpty();
        // when an update that does not touch the address
        isolated.contacts().updateContact("u1", alice.id(), c -> c.withEmails(c.emails()));
        // then
        assertThat(isolated.contacts().contactByEmail("u1", "lost@example.org")).map(Contact::id)
                .contains(alice.id());
        assertThat(isolated.contacts().contactBySocialIdentity("u1", "twitter", "alice")).map(Contact::id)
                .contains(alice.id());
    }
}
