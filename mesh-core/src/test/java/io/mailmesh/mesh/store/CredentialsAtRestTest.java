package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.KeyValueEntry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CredentialsAtRestTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Connection connection;

    @BeforeAll
    static void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    @Test
    void credentialsAreUnreadableInTheBucketWithoutTheKey() throws Exception {
        // given
        String prefix = StoreFixture.newPrefix();
        MeshStore store = JetStreamMeshStore.open(connection, StoreFixture.settings(prefix));
        Identity identity = store.identities().putIdentity(StoreFixture.remoteImap("u1", "sec@example.org"));
        // when
        store.identities().putCredentials(identity.id(), Credentials.password("hunter2-very-secret"));
        // then the stored bytes hold neither the password nor any JSON
        KeyValueEntry entry = connection.keyValue(prefix + "credentials").get(identity.id());
        String stored = new String(entry.getValue(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("hunter2").doesNotContain("password");
        // and the identity record does not carry them either
        String identityJson = connection.keyValue(prefix + "identities").get(identity.id()).getValueAsString();
        assertThat(identityJson).doesNotContain("hunter2");
        // and a store with another key cannot decrypt, without leaking anything
        byte[] otherKey = StoreFixture.KEY.clone();
        otherKey[0] ^= 1;
        MeshStore wrongKey = JetStreamMeshStore.open(connection, new StoreSettings(1, StoreSettings.Storage.FILE,
                otherKey, StoreSettings.DEFAULT_MAX_RAW_MESSAGE_BYTES, prefix));
        assertThatThrownBy(() -> wrongKey.identities().credentials(identity.id()))
                .isInstanceOf(StoreException.class).hasMessageContaining("cannot decrypt")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void sameCredentialsEncryptDifferentlyEachTime() throws Exception {
        // given
        String prefix = StoreFixture.newPrefix();
        MeshStore store = JetStreamMeshStore.open(connection, StoreFixture.settings(prefix));
        Identity identity = store.identities().putIdentity(StoreFixture.remoteImap("u1", "nonce@example.org"));
        // when
        store.identities().putCredentials(identity.id(), Credentials.password("same"));
        byte[] first = connection.keyValue(prefix + "credentials").get(identity.id()).getValue();
        store.identities().putCredentials(identity.id(), Credentials.password("same"));
        byte[] second = connection.keyValue(prefix + "credentials").get(identity.id()).getValue();
        // then
        assertThat(Arrays.equals(first, second)).isFalse();
        assertThat(store.identities().credentials(identity.id())).isEqualTo(Credentials.password("same"));
    }

    @Test
    void credentialsOfAMissingIdentityAreRefused() throws Exception {
        // given
        MeshStore store = StoreFixture.openStore(connection);
        // when / then
        assertThatThrownBy(() -> store.identities().putCredentials("ghost", Credentials.password("x")))
                .isInstanceOf(RecordNotFoundException.class);
    }
}
