package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for credentials, under the current key, readable under older ones too so that the key can be rotated:
 * {@code 2 | keyId(4) | nonce(12) | ciphertext+tag}, where the key id is the first four bytes of a SHA-256 of the key
 * (it picks the key to try, it proves nothing: the GCM tag does). Records written before key ids existed,
 * {@code 1 | nonce(12) | ciphertext+tag}, are tried under every configured key. The identity id is the associated
 * data, so a ciphertext cannot be moved to another identity. Errors never include plaintext or key bytes.
 */
final class CredentialCipher {
    private static final byte UNKEYED_VERSION = 1;
    private static final byte KEYED_VERSION = 2;
    private static final int KEY_ID_BYTES = 4;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A key and its id. */
    private record Key(byte[] id, SecretKeySpec spec) {
        static Key of(byte[] bytes) {
            return new Key(keyId(bytes), new SecretKeySpec(bytes, "AES"));
        }

        String idHex() {
            return HexFormat.of().formatHex(id);
        }
    }

    /**
     * Decrypted credentials, and whether they were stored under the current key in the current format: when not,
     * the caller writes them back encrypted afresh.
     */
    record Opened(byte[] plaintext, boolean stale) {
    }

    private final Key current;
    /** The current key first, then the old ones in the order configured. */
    private final List<Key> readable;
    private final SecureRandom random = new SecureRandom();

    CredentialCipher(byte[] currentKey, List<byte[]> oldKeys) {
        this.current = Key.of(currentKey);
        List<Key> keys = new ArrayList<>(List.of(current));
        oldKeys.stream().map(Key::of).forEach(keys::add);
        this.readable = List.copyOf(keys);
    }

    CredentialCipher(byte[] key) {
        this(key, List.of());
    }

    /** The current key's id, in hex: safe to print, it is how ops tell which key a record is under. */
    String currentKeyId() {
        return current.idHex();
    }

    /** The old keys' ids, in hex. */
    List<String> oldKeyIds() {
        return readable.subList(1, readable.size()).stream().map(Key::idHex).toList();
    }

    byte[] encrypt(String identityId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(identityId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + KEY_ID_BYTES + NONCE_BYTES + sealed.length).put(KEYED_VERSION)
                    .put(current.id()).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot encrypt credentials of identity " + identityId, e);
        }
    }

    byte[] decrypt(String identityId, byte[] stored) {
        return open(identityId, stored).plaintext();
    }

    Opened open(String identityId, byte[] stored) {
        if (stored.length > 0 && stored[0] == KEYED_VERSION && stored.length >= 1 + KEY_ID_BYTES + NONCE_BYTES
                + TAG_BITS / 8) {
            return openKeyed(identityId, stored);
        }
        if (stored.length >= 1 + NONCE_BYTES + TAG_BITS / 8 && stored[0] == UNKEYED_VERSION) {
            return openUnkeyed(identityId, stored);
        }
        throw new StoreException("stored credentials of identity " + identityId + " are malformed");
    }

    private Opened openKeyed(String identityId, byte[] stored) {
        byte[] id = Arrays.copyOfRange(stored, 1, 1 + KEY_ID_BYTES);
        List<Key> candidates = readable.stream().filter(k -> Arrays.equals(k.id(), id)).toList();
        if (candidates.isEmpty()) {
            throw new StoreException("cannot decrypt credentials of identity " + identityId + ": they are under key "
                    + HexFormat.of().formatHex(id) + ", which is neither MESH_SECRET_KEY (" + current.idHex()
                    + ") nor in MESH_SECRET_KEYS_OLD; put that key back in MESH_SECRET_KEYS_OLD, or store the "
                    + "identity's credentials again");
        }
        for (Key key : candidates) {
            byte[] plaintext = tryOpen(key, identityId, stored, 1 + KEY_ID_BYTES);
            if (plaintext != null) {
                return new Opened(plaintext, key != current);
            }
        }
        throw new StoreException("cannot decrypt credentials of identity " + identityId + " under key "
                + HexFormat.of().formatHex(id) + ": the record is damaged");
    }

    /** A record from before key ids: whichever configured key opens it is its key. */
    private Opened openUnkeyed(String identityId, byte[] stored) {
        for (Key key : readable) {
            byte[] plaintext = tryOpen(key, identityId, stored, 1);
            if (plaintext != null) {
                return new Opened(plaintext, true);
            }
        }
        throw new StoreException("cannot decrypt credentials of identity " + identityId + " (stored before key "
                + "ids, and neither MESH_SECRET_KEY nor a key of MESH_SECRET_KEYS_OLD opens them: wrong key?)");
    }

    /** The plaintext, or null when this key does not open the record (the GCM tag does not match). */
    private static byte[] tryOpen(Key key, String identityId, byte[] stored, int nonceAt) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, stored, nonceAt,
                    NONCE_BYTES));
            cipher.updateAAD(identityId.getBytes(StandardCharsets.UTF_8));
            int sealedAt = nonceAt + NONCE_BYTES;
            return cipher.doFinal(stored, sealedAt, stored.length - sealedAt);
        } catch (javax.crypto.AEADBadTagException wrongKeyOrDamaged) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot decrypt credentials of identity " + identityId, e);
        }
    }

    private static byte[] keyId(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("mailmesh credentials key id\0".getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(digest.digest(key), KEY_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
