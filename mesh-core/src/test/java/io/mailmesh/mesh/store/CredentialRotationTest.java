package io.mailmesh.mesh.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rotating MESH_SECRET_KEY as OPERATIONS.md describes it, against a real store. */
class CredentialRotationTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static Connection connection;

    static final String KEY_A = Base64.getEncoder().encodeToString(filled(0xA));
    static final String KEY_B = Base64.getEncoder().encodeToString(filled(0xB));

    @BeforeAll
    static void open() throws Exception {
        connection = StoreFixture.connect(nats.url());
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }

    /** The store an executable opens with this environment. */
    private static MeshStore store(String prefix, Map<String, String> env) {
        Map<String, String> withPrefix = new java.util.HashMap<>(env);
        withPrefix.put("MESH_STORE_BUCKET_PREFIX", prefix);
        return JetStreamMeshStore.open(connection, StoreSettings.from(withPrefix, false));
    }

    @Test
    void rotatingTheKeyKeepsCredentialsReadableUntilTheOldKeyIsRemoved() throws Exception {
        // given two identities whose credentials are written under key A
        String prefix = StoreFixture.newPrefix();
        MeshStore underA = store(prefix, Map.of("MESH_SECRET_KEY", KEY_A));
        Identity used = underA.identities().putIdentity(StoreFixture.remoteImap("u1", "used@example.org"));
        Identity idle = underA.identities().putIdentity(StoreFixture.remoteImap("u1", "idle@example.org"));
        underA.identities().putCredentials(used.id(), Credentials.password("used-secret"));
        underA.identities().putCredentials(idle.id(), Credentials.password("idle-secret"));

        // when the key is rotated to B with A kept as an old key
        MeshStore rotated = store(prefix, Map.of("MESH_SECRET_KEY", KEY_B, "MESH_SECRET_KEYS_OLD", KEY_A));
        // then what A wrote is read (and the used identity's credentials are written back under B)
        assertThat(rotated.identities().credentials(used.id())).isEqualTo(Credentials.password("used-secret"));
        // and new credentials are written under B
        Identity fresh = rotated.identities().putIdentity(StoreFixture.remoteImap("u1", "fresh@example.org"));
        rotated.identities().putCredentials(fresh.id(), Credentials.password("fresh-secret"));
        assertThat(keyIdOf(prefix, fresh.id())).isEqualTo(keyIdOf(prefix, used.id()))
                .isNotEqualTo(keyIdOf(prefix, idle.id()));

        // when A is removed
        MeshStore onlyB = store(prefix, Map.of("MESH_SECRET_KEY", KEY_B));
        // then the credentials still under A are refused with a clear error naming the setting
        assertThatThrownBy(() -> onlyB.identities().credentials(idle.id())).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot decrypt credentials of identity " + idle.id())
                .hasMessageContaining("MESH_SECRET_KEYS_OLD").hasMessageNotContaining("idle-secret");
        // and those written or re-encrypted under B are read
        assertThat(onlyB.identities().credentials(fresh.id())).isEqualTo(Credentials.password("fresh-secret"));
        assertThat(onlyB.identities().credentials(used.id())).isEqualTo(Credentials.password("used-secret"));
        // and the store still serves everything else
        assertThat(onlyB.identities().identity(idle.id())).isEqualTo(idle);
    }

    @Test
    void credentialsWrittenBeforeKeyIdsAreReadAndRewrittenUnderTheCurrentKey() throws Exception {
        // given credentials stored in the format of before key ids, under key A
        String prefix = StoreFixture.newPrefix();
        MeshStore underA = store(prefix, Map.of("MESH_SECRET_KEY", KEY_A));
        Identity identity = underA.identities().putIdentity(StoreFixture.remoteImap("u1", "legacy@example.org"));
        underA.identities().putCredentials(identity.id(), Credentials.password("placeholder"));
        byte[] legacy = unkeyedRecord(filled(0xA), identity.id(),
                "{\"password\":\"legacy-secret\"}".getBytes(StandardCharsets.UTF_8));
        credentialsBucket(prefix).put(identity.id(), legacy);

        // when read after rotating to B with A as an old key
        MeshStore rotated = store(prefix, Map.of("MESH_SECRET_KEY", KEY_B, "MESH_SECRET_KEYS_OLD", KEY_A));
        Credentials read = rotated.identities().credentials(identity.id());

        // then
        assertThat(read).isEqualTo(Credentials.password("legacy-secret"));
        byte[] stored = credentialsBucket(prefix).get(identity.id()).getValue();
        assertThat(stored[0]).isEqualTo((byte) 2);
        assertThat(store(prefix, Map.of("MESH_SECRET_KEY", KEY_B)).identities().credentials(identity.id()))
                .isEqualTo(Credentials.password("legacy-secret"));
    }

    @Test
    void badOldKeysAreRefusedWithoutPrintingThem() {
        // when / then
        assertThatThrownBy(() -> StoreSettings.from(Map.of("MESH_SECRET_KEY", KEY_B, "MESH_SECRET_KEYS_OLD",
                KEY_A + ",c2hvcnQ="), false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MESH_SECRET_KEYS_OLD's key number 2").hasMessageNotContaining("c2hvcnQ");
        StoreSettings two = StoreSettings.from(Map.of("MESH_SECRET_KEY", KEY_B, "MESH_SECRET_KEYS_OLD",
                KEY_A + " , " + KEY_B), false);
        assertThat(two.oldSecretKeys()).hasSize(2);
        assertThat(two.toString()).doesNotContain(KEY_A).contains("oldSecretKeys=2");
    }

    private static KeyValue credentialsBucket(String prefix) throws Exception {
        return connection.keyValue(prefix + "credentials");
    }

    private static String keyIdOf(String prefix, String identityId) throws Exception {
        byte[] stored = credentialsBucket(prefix).get(identityId).getValue();
        assertThat(stored[0]).isEqualTo((byte) 2);
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(stored, 1, 5));
    }

    /** A record as the store wrote it before key ids: {@code 1 | nonce | ciphertext+tag}. */
    private static byte[] unkeyedRecord(byte[] key, String identityId, byte[] plaintext) throws Exception {
        byte[] nonce = new byte[12];
        nonce[11] = 1;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(identityId.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }
}
