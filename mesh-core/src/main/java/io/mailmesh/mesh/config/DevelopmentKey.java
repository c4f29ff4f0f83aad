package io.mailmesh.mesh.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The fixed credentials key of the development profile. It is derived from a phrase in this public source, so anyone
 * can decrypt what it encrypted: the production profile refuses it ({@link ProductionProfileGuard}).
 */
public final class DevelopmentKey {
    private DevelopmentKey() {
    }

    /** The 32 key bytes, a fresh copy. */
    public static byte[] bytes() {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest("mailmesh-development-key-do-not-use-in-production".getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean is(byte[] key) {
        return key != null && MessageDigest.isEqual(bytes(), key);
    }
}
