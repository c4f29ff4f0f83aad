package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.Contact;
import java.util.List;
import java.util.Optional;
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

    /** The user's contacts, ordered by id. */
    List<Contact> contactsOf(String userId);
}
