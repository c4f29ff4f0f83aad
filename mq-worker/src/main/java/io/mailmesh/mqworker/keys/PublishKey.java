package io.mailmesh.mqworker.keys;

import com.google.inject.Inject;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.mesh.store.ContactStore;
import io.mailmesh.mesh.store.PublicKeyStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.Reply;
import java.time.Instant;
import java.util.List;

/**
 * publish_key on keyAction: validates the key the API stored under {@code key_id} (it parses as one OpenPGP key,
 * its fingerprint matches the stored one if any, it has not expired), completes its metadata from the key itself
 * and attaches it to the contact {@code resource_id}. Idempotent. An invalid key is rejected (dead-lettered with
 * the reason).
 */
public final class PublishKey implements OrderHandler<KeyOrder> {
    private final PublicKeyStore keys;
    private final ContactStore contacts;
    private final ContactKeys contactKeys;

    @Inject
    PublishKey(PublicKeyStore keys, ContactStore contacts, ContactKeys contactKeys) {
        this.keys = keys;
        this.contacts = contacts;
        this.contactKeys = contactKeys;
    }

    @Override
    public Reply handle(KeyOrder order, OrderContext context) throws OrderFailedException {
        PublicKey stored;
        try {
            stored = keys.publicKey(order.userId(), order.keyId());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.KEY_NOT_FOUND, "key " + order.keyId() + " of user "
                    + order.userId() + " does not exist");
        }
        try {
            contacts.contact(order.userId(), order.resourceId());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.CONTACT_NOT_FOUND, "contact " + order.resourceId()
                    + " of user " + order.userId() + " does not exist");
        }
        KeyMaterial key = validate(stored);
        contactKeys.attach(new PublicKey(stored.keyId(), stored.userId(), order.resourceId(), key.fingerprint(),
                key.algorithm(), key.bitSize(), key.createdAt(), key.expiresAt(), key.userIds(),
                stored.armored(), stored.label()));
        return Reply.ok("key " + key.fingerprint() + " attached to contact " + order.resourceId());
    }

    private static KeyMaterial validate(PublicKey stored) throws OrderFailedException {
        List<KeyMaterial> parsed;
        try {
            parsed = OpenPgpKeys.parse(stored.armored());
        } catch (IllegalArgumentException e) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_KEY, "key " + stored.keyId() + " is invalid: "
                    + e.getMessage());
        }
        if (parsed.size() != 1) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_KEY, "key " + stored.keyId() + " holds "
                    + parsed.size() + " keys, expected one");
        }
        KeyMaterial key = parsed.get(0);
        if (stored.fingerprint() != null && !stored.fingerprint().isBlank()
                && !stored.fingerprint().replace(" ", "").equalsIgnoreCase(key.fingerprint())) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_KEY, "key " + stored.keyId() + " has fingerprint "
                    + key.fingerprint() + ", not the stored " + stored.fingerprint());
        }
        if (key.expiredAt(Instant.now())) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_KEY, "key " + key.fingerprint() + " expired at "
                    + key.expiresAt());
        }
        if (key.revoked()) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_KEY, "key " + key.fingerprint() + " is revoked");
        }
        return key;
    }
}
