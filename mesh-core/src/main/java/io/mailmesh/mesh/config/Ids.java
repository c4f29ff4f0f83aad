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
}
