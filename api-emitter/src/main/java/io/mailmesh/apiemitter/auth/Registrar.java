package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.User;
import java.util.Locale;

/**
 * Creates a user with a login: checks the e-mail and password, reserves the e-mail (409 if taken), then writes the
 * user. Used by open registration and by the admin route.
 */
@Singleton
public final class Registrar {
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 1024;

    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final MeshStore store;

    @Inject
    Registrar(Accounts accounts, PasswordHasher hasher, MeshStore store) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.store = store;
    }

    /** The normalised e-mail, or a 400 naming what is wrong. */
    public static String email(String raw) {
        String email = raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+")) {
            throw ApiException.invalid("email", "must be an e-mail address of at most 254 characters");
        }
        return email;
    }

    static void checkPassword(String password, String email) {
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ApiException.invalid("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters long");
        }
        if (password.strip().equalsIgnoreCase(email) || password.chars().distinct().count() < 4) {
            throw ApiException.invalid("password", "is too easy to guess");
        }
    }

    /** Creates the user and its login; returns the user. */
    public User register(String rawEmail, String password, String name) {
        String email = email(rawEmail);
        checkPassword(password, email);
        String id = Ids.newId();
        if (!accounts.create(new Account(id, email, hasher.hash(password)))) {
            throw ApiException.conflict("an account with this e-mail exists");
        }
        return store.users().putUser(new User(id, name == null ? email : name, null));
    }
}
