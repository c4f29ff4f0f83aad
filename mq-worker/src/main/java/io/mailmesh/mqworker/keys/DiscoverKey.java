package io.mailmesh.mqworker.keys;

import com.google.inject.Inject;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.mesh.store.ContactStore;
import io.mailmesh.mesh.store.PublicKeyStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.mqworker.support.StableIds;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.Reply;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * discover_key on keyAction: looks up keys for every e-mail address of the contact (see {@link KeyLookup}),
 * keeps the ones that are not expired or revoked and whose user id carries the address, and stores new ones
 * (by fingerprint) on the contact. Keys found are stored even when another look-up failed; the failure then
 * makes the order retry with back-off ({@code key_lookup_unavailable}).
 */
public final class DiscoverKey implements OrderHandler<ContactOrder> {
    private final ContactStore contacts;
    private final PublicKeyStore keys;
    private final ContactKeys contactKeys;
    private final KeyLookup lookup;
    private final Clock clock;

    @Inject
    DiscoverKey(ContactStore contacts, PublicKeyStore keys, ContactKeys contactKeys, KeyLookup lookup) {
        this.contacts = contacts;
        this.keys = keys;
        this.contactKeys = contactKeys;
        this.lookup = lookup;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Reply handle(ContactOrder order, OrderContext context) throws OrderFailedException {
        Contact contact;
        try {
            contact = contacts.contact(order.userId(), order.contactId());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.CONTACT_NOT_FOUND, "contact " + order.contactId()
                    + " of user " + order.userId() + " does not exist");
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (ContactEmail email : contact.emails()) {
            if (email.address() != null && !email.address().isBlank()) {
                addresses.add(email.address().trim().toLowerCase(Locale.ROOT));
            }
        }
        Instant now = clock.instant();
        List<KeyMaterial> accepted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String address : addresses) {
            LookupResult result = lookup.lookup(address);
            failures.addAll(result.failures());
            for (KeyMaterial key : result.keys()) {
                if (!key.expiredAt(now) && !key.revoked() && key.carries(address)
                        && accepted.stream().noneMatch(k -> k.fingerprint().equals(key.fingerprint()))) {
                    accepted.add(key);
                }
            }
        }
        int stored = store(contact, accepted);
        if (!failures.isEmpty()) {
            throw OrderFailedException.unavailable(ErrorCode.KEY_LOOKUP_UNAVAILABLE, "key look-up failed ("
                    + String.join("; ", failures) + "), " + stored + " new key(s) stored so far", null);
        }
        return Reply.ok(stored + " new key(s) stored, " + accepted.size() + " valid key(s) found for "
                + addresses.size() + " address(es)");
    }

    private int store(Contact contact, List<KeyMaterial> found) {
        List<PublicKey> existing = keys.publicKeysOf(contact.userId());
        int stored = 0;
        for (KeyMaterial key : found) {
            boolean known = existing.stream().anyMatch(k -> key.fingerprint().equalsIgnoreCase(k.fingerprint())
                    && contact.id().equals(k.resourceId()));
            if (known) {
                continue;
            }
            boolean idTaken = existing.stream().anyMatch(k -> k.keyId().equals(key.fingerprint()));
            String keyId = idTaken ? StableIds.of("k", contact.id(), key.fingerprint()) : key.fingerprint();
            contactKeys.attach(new PublicKey(keyId, contact.userId(), contact.id(), key.fingerprint(),
                    key.algorithm(), key.bitSize(), key.createdAt(), key.expiresAt(), key.userIds(), key.armored(),
                    "discovered"));
            stored++;
        }
        return stored;
    }
}
