package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.store.ContactStore;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact of an address (or Twitter name), per user, kept in memory: most mails come from and go to the same
 * people, and a lookup is a store round trip per address. The cache follows the store's change notices of contact
 * lookups ({@link ContactStore#watchLookupChanges}): a change of any of a user's lookups, by any process, drops all
 * of that user's entries within milliseconds. An entry also expires after {@link #TTL}, a net for a notice that
 * never came. Until the watch runs (before start, or if it could not start) every lookup reads the store.
 *
 * <p>A lookup reads the store into the user's entry map taken before the read; a notice replaces that map, so a
 * value read just before a change can never outlive the change's notice. A mail imported in the milliseconds between
 * a contact change and its notice keeps the links it was imported with, as it would had it been imported just
 * before the change.
 */
@Singleton
public final class ContactLookupCache implements Lifecycle {
    static final Duration TTL = Duration.ofSeconds(60);
    static final int MAX_USERS = 10_000;
    static final int MAX_ENTRIES_PER_USER = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ContactLookupCache.class);

    private final ContactStore contacts;
    private final Map<String, Map<String, Cached>> byUser = new ConcurrentHashMap<>();
    private volatile AutoCloseable watch;

    @Inject
    ContactLookupCache(ContactStore contacts) {
        this.contacts = contacts;
    }

    /** The id of the user's contact with this address (e-mail) or screen name (Twitter), if any. */
    Optional<String> contactId(String userId, Protocol protocol, String address) {
        if (watch == null) {
            return read(userId, protocol, address);
        }
        Map<String, Cached> entries = byUser.get(userId);
        if (entries == null) {
            if (byUser.size() >= MAX_USERS) {
                byUser.clear();
            }
            entries = byUser.computeIfAbsent(userId, u -> new ConcurrentHashMap<>());
        }
        String key = protocol.wireName() + " " + address;
        long now = System.nanoTime();
        Cached cached = entries.get(key);
        if (cached != null && cached.expiresAtNanos() - now > 0) {
            return cached.contactId();
        }
        Optional<String> fresh = read(userId, protocol, address);
        if (entries.size() >= MAX_ENTRIES_PER_USER) {
            entries.clear();
        }
        entries.put(key, new Cached(fresh, now + TTL.toNanos()));
        return fresh;
    }

    private Optional<String> read(String userId, Protocol protocol, String address) {
        Optional<Contact> contact = protocol == Protocol.TWITTER
                ? contacts.contactBySocialIdentity(userId, "twitter", address)
                : contacts.contactByEmail(userId, address);
        return contact.map(Contact::id);
    }

    @Override
    public void start() {
        try {
            watch = contacts.watchLookupChanges(byUser::remove);
        } catch (RuntimeException e) {
            LOG.warn("contact lookups are read from the store on every mail: {}", e.getMessage());
        }
    }

    @Override
    public void stop() throws Exception {
        AutoCloseable current = watch;
        watch = null;
        byUser.clear();
        if (current != null) {
            current.close();
        }
    }

    @Override
    public StopOrder stopOrder() {
        return StopOrder.AFTER_HANDLERS;
    }

    private record Cached(Optional<String> contactId, long expiresAtNanos) {
    }
}
