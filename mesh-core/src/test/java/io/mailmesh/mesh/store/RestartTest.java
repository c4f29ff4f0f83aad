package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestartTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aServerRestartKeepsAllData() throws Exception {
        // given data of every kind on a file-backed store
        String prefix = StoreFixture.newPrefix();
        User user;
        Identity identity;
        Message message;
        Contact contact;
        RawMessage raw;
        byte[] bytes = new byte[300_000];
        bytes[12345] = 42;
        try (Connection before = StoreFixture.connect(nats.url())) {
            MeshStore store = JetStreamMeshStore.open(before, StoreFixture.settings(prefix));
            user = store.users().putUser(new User(Ids.newId(), "Ada", null));
            identity = store.identities().putIdentity(StoreFixture.local(user.id(), "keep@example.org"));
            store.identities().putCredentials(identity.id(), Credentials.password("pw"));
            message = store.messages().putMessage(StoreFixture.message(user.id(), "d1", Instant.now(), "<keep@x>"));
            contact = store.contacts().putContact(StoreFixture.contact(user.id(), "c@example.org", "c"));
            raw = store.rawMessages().putRawMessage(new RawMessage(Ids.newId(), 0, false, null), bytes);
        }
        // when the server restarts
        nats.server().restart();
        // then a new connection (buckets re-opened idempotently) finds everything
        try (Connection after = StoreFixture.connect(nats.url())) {
            MeshStore store = JetStreamMeshStore.open(after, StoreFixture.settings(prefix));
            assertThat(store.users().user(user.id())).isEqualTo(user);
            assertThat(store.identities().localIdentityByAddress("keep@example.org")).contains(identity);
            assertThat(store.identities().credentials(identity.id())).isEqualTo(Credentials.password("pw"));
            assertThat(store.messages().messageByExternalId(user.id(), "<keep@x>")).contains(message);
            assertThat(store.messages().messagesOfDiscussion(user.id(), "d1", null, 10).items()).containsExactly(message);
            assertThat(store.contacts().contactByEmail(user.id(), "c@example.org")).contains(contact);
            assertThat(store.rawMessages().rawMessage(raw.id())).isEqualTo(raw);
            assertThat(store.rawMessages().rawMessageBytes(raw.id())).isEqualTo(bytes);
        }
    }

    @Test
    void aConnectionThatReconnectsAfterARestartKeepsWorking() throws Exception {
        // given
        try (Connection connection = StoreFixture.connect(nats.url())) {
            MeshStore store = StoreFixture.openStore(connection);
            User user = store.users().putUser(new User(Ids.newId(), "Bo", null));
            // when
            nats.server().restart();
            // then (poll with a deadline until the client has reconnected)
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (connection.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            assertThat(store.users().user(user.id())).isEqualTo(user);
        }
    }
}
