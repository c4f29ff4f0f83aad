package io.mailmesh.mesh.store.model;

/**
 * A mailmesh user.
 *
 * @param id        the user id
 * @param name      the user's name
 * @param contactId the id of the contact that describes the user themself, or {@code null} if none yet
 */
public record User(String id, String name, String contactId) {
    public User withName(String newName) {
        return new User(id, newName, contactId);
    }

    public User withContactId(String newContactId) {
        return new User(id, name, newContactId);
    }
}
