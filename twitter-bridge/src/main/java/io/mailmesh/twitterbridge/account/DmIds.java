package io.mailmesh.twitterbridge.account;

import java.math.BigInteger;

/** Direct-message ids are decimal numbers of any length: they are compared as numbers, never as text. */
public final class DmIds {
    private DmIds() {
    }

    /** Parses a stored id; null or blank is "nothing seen yet". @throws IllegalArgumentException if not a number */
    public static BigInteger parse(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String trimmed = id.trim();
        if (!trimmed.matches("[0-9]{1,40}")) {
            throw new IllegalArgumentException("not a direct-message id: " + trimmed);
        }
        return new BigInteger(trimmed);
    }

    /** Whether {@code candidate} is newer than {@code lastSeen} (null: nothing seen, so any id is newer). */
    public static boolean isNewer(BigInteger candidate, BigInteger lastSeen) {
        return lastSeen == null || candidate.compareTo(lastSeen) > 0;
    }

    /** The higher of a stored id and a new one, as text to store. */
    public static String max(String stored, BigInteger candidate) {
        BigInteger current = parse(stored);
        return isNewer(candidate, current) ? candidate.toString() : current.toString();
    }
}
