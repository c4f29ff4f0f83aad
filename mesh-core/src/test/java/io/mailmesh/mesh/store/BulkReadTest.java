package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Listings read in one pass over a bucket. */
class BulkReadTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    Connection connection;
    String prefix;
    MeshStore store;

    @BeforeEach
    void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
        prefix = StoreFixture.newPrefix();
        store = io.mailmesh.mesh.store.jetstream.JetStreamMeshStore.open(connection, StoreFixture.settings(prefix));
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void remoteIdentitiesAreAllListedInIdOrderWithTheirLatestValues() {
        // given 300 remote identities of many users, some updated, some deleted, and local ones
        List<Identity> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Identity remote = store.identities().putIdentity(StoreFixture.remoteImap("u" + (i % 7),
                    "r" + i + "@example.org"));
            if (i % 10 == 0) {
                store.identities().deleteIdentity(remote.id());
            } else if (i % 10 == 1) {
                expected.add(store.identities().updateSyncState(remote.id(), s -> s.withError("boom", null)));
            } else {
                expected.add(remote);
            }
        }
        store.identities().putIdentity(StoreFixture.local("u1", "local1@example.org"));
        store.identities().putIdentity(StoreFixture.local("u2", "local2@example.org"));
        expected.sort(java.util.Comparator.comparing(Identity::id));
        // when
        List<Identity> remote = store.identities().remoteIdentities();
        // then
        assertThat(remote).containsExactlyElementsOf(expected);
    }

    @Test
    void remoteIdentitiesOfAnEmptyStoreIsAnEmptyList() {
        // when
        List<Identity> remote = store.identities().remoteIdentities();
        // then
        assertThat(remote).isEmpty();
    }

    @Test
    void aRemoteIdentityWhoseLookupWasLostIsStillListed() throws Exception {
        // given a remote identity whose r.<id> lookup entry is gone (as after a crash between writes)
        Identity remote = store.identities().putIdentity(StoreFixture.remoteImap("u1", "lost@example.org"));
        connection.keyValue(prefix + "identity_index").delete("r." + remote.id());
        // when
        List<Identity> listed = store.identities().remoteIdentities();
        // then
        assertThat(listed).containsExactly(remote);
    }

    @Test
    void aUsersContactsAreListedWholeWithoutTheDeletedOnesOrAnotherUsers() {
        // given 1,500 contacts of one user, every tenth deleted, between contacts of another user
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            store.contacts().putContact(StoreFixture.contact("u2", "other" + i + "@example.org", "o" + i));
            Contact mine = store.contacts().putContact(StoreFixture.contact("u1", "c" + i + "@example.org", "c" + i));
            if (i % 10 == 0) {
                store.contacts().deleteContact("u1", mine.id());
            } else {
                expected.add(mine.id());
            }
        }
        // when
        List<Contact> listed = store.contacts().contactsOf("u1");
        // then every live one is there, once, in id order
        assertThat(listed).extracting(Contact::id).containsExactlyElementsOf(expected.stream().sorted().toList());
    }
}
