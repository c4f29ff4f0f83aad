package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.User;

/** Users. */
public interface UserStore {
    /** Creates or replaces a user. */
    User putUser(User user);

    /** @throws RecordNotFoundException if there is no such user */
    User user(String userId);

    /** Deletes a user record (not its data); a no-op if absent. */
    void deleteUser(String userId);
}
