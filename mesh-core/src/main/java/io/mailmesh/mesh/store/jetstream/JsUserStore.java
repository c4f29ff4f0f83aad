package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.UserStore;
import io.mailmesh.mesh.store.model.User;

/** Users: bucket {@code users}, key {@code <userId>}. */
final class JsUserStore implements UserStore {
    private final Records<User> users;

    JsUserStore(Records<User> users) {
        this.users = users;
    }

    @Override
    public User putUser(User user) {
        users.put(Keys.id("user", user.id()), user);
        return user;
    }

    @Override
    public User user(String userId) {
        return users.get(Keys.id("user", userId)).value();
    }

    @Override
    public void deleteUser(String userId) {
        users.delete(Keys.id("user", userId));
    }
}
