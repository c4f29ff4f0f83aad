package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.PublicKeyStore;
import io.mailmesh.mesh.store.model.PublicKey;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Public keys: bucket {@code public_keys}, key {@code <userId>.<keyId>}. */
final class JsPublicKeyStore implements PublicKeyStore {
    private final Records<PublicKey> keys;

    JsPublicKeyStore(Records<PublicKey> keys) {
        this.keys = keys;
    }

    @Override
    public PublicKey putPublicKey(PublicKey key) {
        Keys.id("resource", key.resourceId());
        keys.put(key(key.userId(), key.keyId()), key);
        return key;
    }

    @Override
    public PublicKey publicKey(String userId, String keyId) {
        return keys.get(key(userId, keyId)).value();
    }

    @Override
    public void deletePublicKey(String userId, String keyId) {
        keys.delete(key(userId, keyId));
    }

    @Override
    public List<PublicKey> publicKeysOf(String userId) {
        List<PublicKey> all = keys.getAll(keys.kv().keys(Keys.id("user", userId) + ".*"));
        all.sort(Comparator.comparing(PublicKey::keyId));
        return all;
    }

    @Override
    public List<PublicKey> publicKeysOf(String userId, String resourceId) {
        Keys.id("resource", resourceId);
        return publicKeysOf(userId).stream().filter(k -> Objects.equals(k.resourceId(), resourceId)).toList();
    }

    private static String key(String userId, String keyId) {
        return Keys.id("user", userId) + "." + Keys.id("public key", keyId);
    }
}
