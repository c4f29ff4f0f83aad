package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.Contact;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Contacts of users, looked up by e-mail address or social identity. */
public interface ContactStore {
    /** Creates or replaces a contact and its lookups. */
    Contact putContact(Contact contact);

    /** @throws RecordNotFoundException if absent */
    Contact contact(String userId, String contactId);

    /** The contact with its revision. @throws RecordNotFoundException if absent */
    Versioned<Contact> versionedContact(String userId, String contactId);

    /** Compare-and-set update; re-reads and retries on conflict; keeps lookups in step. */
    Contact updateContact(String userId, String contactId, UnaryOperator<Contact> change);

    /** Deletes a contact and its lookups; a no-op if absent. */
    void deleteContact(String userId, String contactId);

    /** The user's contact with this e-mail address (case-insensitive), if any. */
    Optional<Contact> contactByEmail(String userId, String address);

    /** The user's contact with this social identity (network and name case-insensitive), if any. */
    Optional<Contact> contactBySocialIdentity(String userId, String network, String name);

    /**
     * Calls {@code onChange} with the user id each time one of that user's contact lookups (an e-mail address or a
     * social identity of a contact, see {@link #contactByEmail}) is written or removed from now on, by any process,
     * in the order written: what a cache of lookups needs to stay true. The calls come on a store thread within
     * milliseconds of the write, and resume after a reconnection without missing a change.
     *
     * @return closing it stops the calls
     * @throws StoreException if the store cannot be watched
     */
    AutoCloseable watchLookupChanges(Consumer<String> onChange);

    /** The user's contacts, ordered by id. */
    List<Contact> contactsOf(String userId);
}
