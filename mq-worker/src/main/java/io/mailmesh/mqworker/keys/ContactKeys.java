package io.mailmesh.mqworker.keys;

import com.google.inject.Inject;
import io.mailmesh.mesh.store.ContactStore;
import io.mailmesh.mesh.store.PublicKeyStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.PublicKey;
import java.util.ArrayList;
import java.util.List;

/** Attaches and detaches public keys on contacts (the contact's {@code publicKeyIds}), idempotently. */
public final class ContactKeys {
    private final ContactStore contacts;
    private final PublicKeyStore keys;

    @Inject
    ContactKeys(ContactStore contacts, PublicKeyStore keys) {
        this.contacts = contacts;
        this.keys = keys;
    }

    /** Stores {@code key} and lists it on its contact. @throws RecordNotFoundException if the contact is absent */
    public void attach(PublicKey key) {
        contacts.contact(key.userId(), key.resourceId());
        keys.putPublicKey(key);
        contacts.updateContact(key.userId(), key.resourceId(), c -> {
            if (c.publicKeyIds().contains(key.keyId())) {
                return c;
            }
            List<String> ids = new ArrayList<>(c.publicKeyIds());
            ids.add(key.keyId());
            return c.withPublicKeyIds(ids);
        });
    }

    /** Removes {@code keyId} from the contact (if it exists) and deletes the key. */
    public void detach(String userId, String contactId, String keyId) {
        try {
            contacts.updateContact(userId, contactId, c -> c.publicKeyIds().contains(keyId)
                    ? c.withPublicKeyIds(c.publicKeyIds().stream().filter(k -> !k.equals(keyId)).toList()) : c);
        } catch (RecordNotFoundException e) {
            // the contact is gone: only the key remains to delete
        }
        keys.deletePublicKey(userId, keyId);
    }
}
