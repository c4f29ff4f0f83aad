package io.mailmesh.mesh.store.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
    private static final byte[] A = key(1);
    private static final byte[] B = key(2);
    private static final byte[] SECRET = "{\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 31 + seed);
        }
        return key;
    }

    /** A record as the cipher wrote it before key ids: {@code 1 | nonce | ciphertext+tag}. */
    static byte[] unkeyedRecord(byte[] key, String identityId, byte[] plaintext) throws Exception {
        byte[] nonce = new byte[12];
        nonce[0] = 7;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(identityId.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }

    @Test
    void aRecordUnderTheCurrentKeyIsNotStale() {
        // given
        CredentialCipher cipher = new CredentialCipher(A, List.of(B));
        // when
        CredentialCipher.Opened opened = cipher.open("i1", cipher.encrypt("i1", SECRET));
        // then
        assertThat(opened.plaintext()).isEqualTo(SECRET);
        assertThat(opened.stale()).isFalse();
    }

    @Test
    void aRecordUnderAnOldKeyOpensAndIsStale() {
        // given
        byte[] underA = new CredentialCipher(A).encrypt("i1", SECRET);
        // when
        CredentialCipher.Opened opened = new CredentialCipher(B, List.of(A)).open("i1", underA);
        // then
        assertThat(opened.plaintext()).isEqualTo(SECRET);
        assertThat(opened.stale()).isTrue();
    }

    @Test
    void aRecordFromBeforeKeyIdsOpensUnderTheCurrentOrAnOldKey() throws Exception {
        // given
        byte[] legacy = unkeyedRecord(A, "i1", SECRET);
        // when / then
        assertThat(new CredentialCipher(A).open("i1", legacy).plaintext()).isEqualTo(SECRET);
        assertThat(new CredentialCipher(A).open("i1", legacy).stale()).isTrue();
        assertThat(new CredentialCipher(B, List.of(A)).open("i1", legacy).plaintext()).isEqualTo(SECRET);
        assertThatThrownBy(() -> new CredentialCipher(B).open("i1", legacy)).isInstanceOf(StoreException.class)
                .hasMessageContaining("stored before key ids").hasMessageNotContaining("hunter2");
    }

    @Test
    void aRecordUnderAnUnconfiguredKeyNamesTheKeyIdAndTheSetting() {
        // given
        CredentialCipher oldCipher = new CredentialCipher(A);
        byte[] underA = oldCipher.encrypt("i1", SECRET);
        CredentialCipher withoutA = new CredentialCipher(B);
        // when / then
        assertThatThrownBy(() -> withoutA.open("i1", underA)).isInstanceOf(StoreException.class)
                .hasMessageContaining("under key " + oldCipher.currentKeyId())
                .hasMessageContaining("MESH_SECRET_KEYS_OLD").hasMessageNotContaining("hunter2");
    }

    @Test
    void aDamagedOrMovedRecordIsRefused() {
        // given
        CredentialCipher cipher = new CredentialCipher(A);
        byte[] record = cipher.encrypt("i1", SECRET);
        byte[] damaged = record.clone();
        damaged[damaged.length - 1] ^= 1;
        // when / then
        assertThatThrownBy(() -> cipher.open("i1", damaged)).hasMessageContaining("damaged");
        assertThatThrownBy(() -> cipher.open("i2", record)).hasMessageContaining("damaged");
        assertThatThrownBy(() -> cipher.open("i1", new byte[] {9, 9})).hasMessageContaining("malformed");
    }

    @Test
    void keyIdsDifferPerKeyAndAreStable() {
        // when / then
        assertThat(new CredentialCipher(A).currentKeyId()).hasSize(8)
                .isEqualTo(new CredentialCipher(A.clone()).currentKeyId())
                .isNotEqualTo(new CredentialCipher(B).currentKeyId());
        assertThat(new CredentialCipher(B, List.of(A)).oldKeyIds())
                .containsExactly(new CredentialCipher(A).currentKeyId());
    }
}
