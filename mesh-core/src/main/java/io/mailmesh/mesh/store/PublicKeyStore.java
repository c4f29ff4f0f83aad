package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.PublicKey;
import java.util.List;

/** Public keys of users' contacts. */
public interface PublicKeyStore {
    /** Creates or replaces a key (keyed by user and key id). */
    PublicKey putPublicKey(PublicKey key);

    /** @throws RecordNotFoundException if absent */
    PublicKey publicKey(String userId, String keyId);

    /** Deletes a key; a no-op if absent. */
    void deletePublicKey(String userId, String keyId);

    /** The user's keys, ordered by key id. */
    List<PublicKey> publicKeysOf(String userId);

    /** The user's keys that belong to one resource (contact or identity). */
    List<PublicKey> publicKeysOf(String userId, String resourceId);
}
