package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.ContactStore;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.ContactEmail;
import io.mailmesh.mesh.store.model.SocialIdentity;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Contacts: bucket {@code contacts} (key {@code <userId>.<contactId>}); lookups in {@code contact_index}:
 * {@code <userId>.<base64url("e:" + address)>} and {@code <userId>.<base64url("s:" + network + ":" + name)>}
 * → contact id (lower-case). Lookups are checked against the contact; on a shared address the last write wins.
 * Every write of a contact restores its lookups that were lost (e.g. by a crash between the two writes).
 */
final class JsContactStore implements ContactStore {
    private final Records<Contact> contacts;
    private final Kv index;

    JsContactStore(Records<Contact> contacts, Kv index) {
        this.contacts = contacts;
        this.index = index;
    }

    @Override
    public Contact putContact(Contact contact) {
        String key = key(contact.userId(), contact.id());
        Contact old = contacts.find(key).map(Versioned::value).orElse(null);
        contacts.put(key, contact);
        reindex(old, contact);
        return contact;
    }

    @Override
    public Contact contact(String userId, String contactId) {
        return versionedContact(userId, contactId).value();
    }

    @Override
    public Versioned<Contact> versionedContact(String userId, String contactId) {
        return contacts.get(key(userId, contactId));
    }

    @Override
    public Contact updateContact(String userId, String contactId, UnaryOperator<Contact> change) {
        return contacts.update(key(userId, contactId), current -> {
            Contact next = change.apply(current);
            if (!Objects.equals(next.id(), current.id()) || !Objects.equals(next.userId(), current.userId())) {
                throw new IllegalArgumentException("an update cannot change a contact's id or user");
            }
            return next;
        }, this::reindex).value();
    }

    @Override
    public void deleteContact(String userId, String contactId) {
        String key = key(userId, contactId);
        Optional<Contact> old = contacts.find(key).map(Versioned::value);
        contacts.delete(key);
        old.ifPresent(o -> lookupKeys(o).forEach(k -> index.deleteIfHolds(k, o.id())));
    }

    @Override
    public Optional<Contact> contactByEmail(String userId, String address) {
        String token = emailToken(address);
        return lookup(userId, token);
    }

    @Override
    public Optional<Contact> contactBySocialIdentity(String userId, String network, String name) {
        return lookup(userId, socialToken(network, name));
    }

    @Override
    public List<Contact> contactsOf(String userId) {
        List<Contact> all = contacts.getAll(contacts.kv().keys(Keys.id("user", userId) + ".*"));
        all.sort(Comparator.comparing(Contact::id));
        return all;
    }

    @Override
    public AutoCloseable watchLookupChanges(Consumer<String> onChange) {
        KeyValueWatcher watcher = new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                String key = entry.getKey();
                int dot = key.indexOf('.');
                if (dot > 0) {
                    onChange.accept(key.substring(0, dot)); // lookup keys are <userId>.<token>
                }
            }

            @Override
            public void endOfData() {
            }
        };
        try {
            NatsKeyValueWatchSubscription subscription = index.raw().watchAll(watcher,
                    KeyValueWatchOption.UPDATES_ONLY, KeyValueWatchOption.META_ONLY);
            return subscription::unsubscribe;
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot watch the contact lookups: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while starting to watch the contact lookups", e);
        }
    }

    private Optional<Contact> lookup(String userId, String token) {
        String user = Keys.id("user", userId);
        String lookupKey = user + "." + token;
        return index.getString(lookupKey)
                .flatMap(id -> contacts.find(user + "." + id).map(Versioned::value))
                .filter(c -> lookupKeys(c).contains(lookupKey));
    }

    private void reindex(Contact old, Contact next) {
        Set<String> now = lookupKeys(next);
        Set<String> before = old == null ? Set.of() : lookupKeys(old);
        byte[] id = next.id().getBytes(StandardCharsets.UTF_8);
        for (String k : now) {
            // an unchanged lookup is rewritten only if its entry was lost (a shared address keeps its holder)
            if (!before.contains(k) || index.get(k).isEmpty()) {
                index.put(k, id);
            }
        }
        for (String k : before) {
            if (!now.contains(k)) {
                index.deleteIfHolds(k, old.id());
            }
        }
    }

    private static Set<String> lookupKeys(Contact c) {
        Set<String> keys = new LinkedHashSet<>();
        for (ContactEmail email : c.emails()) {
            if (email.address() != null && !email.address().isBlank()) {
                keys.add(c.userId() + "." + emailToken(email.address()));
            }
        }
        for (SocialIdentity social : c.socialIdentities()) {
            if (social.network() != null && social.name() != null && !social.name().isBlank()) {
                keys.add(c.userId() + "." + socialToken(social.network(), social.name()));
            }
        }
        return keys;
    }

    private static String emailToken(String address) {
        return Keys.address("e:" + Keys.normalizeAddress(address));
    }

    private static String socialToken(String network, String name) {
        return Keys.address("s:" + Keys.normalizeAddress(network) + ":" + Keys.normalizeAddress(name));
    }

    private static String key(String userId, String contactId) {
        return Keys.id("user", userId) + "." + Keys.id("contact", contactId);
    }
}
