package io.mailmesh.mesh.store;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Record ids. An id becomes one token of a NATS key, so it holds 1-128 characters of {@code A-Z a-z 0-9 _ - =}
 * (no dot, which would split the token).
 */
public final class Ids {
    /** What an id may hold. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_=-]{1,128}");

    private Ids() {
    }

    /** A new random id (a UUID). */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Whether {@code id} is a valid id. */
    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /**
     * Returns {@code id} if valid.
     *
     * @param kind what the id names, for the error message
     * @throws InvalidIdException otherwise
     */
    public static String require(String kind, String id) {
        if (!isValid(id)) {
            throw new InvalidIdException(kind, id);
        }
        return id;
    }
}
