package io.mailmesh.mesh.config;

import java.util.UUID;

/** Identifier helpers. */
public final class Ids {
    private Ids() {
    }

    /** Eight random hex characters, for instance ids. */
    public static String shortRandom() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh unique id, for message ids and correlation ids. */
    public static String random() {
        return UUID.randomUUID().toString();
    }

    /**
     * A fresh id in the same shape as {@link #random()}, for ids that only tie log lines together (the correlation
     * id of an order that came without one): unique in practice but predictable, and without the cost of
     * {@code SecureRandom} on every order.
     */
    public static String forLogs() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
