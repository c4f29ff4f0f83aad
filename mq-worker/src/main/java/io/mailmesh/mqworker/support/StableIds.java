package io.mailmesh.mqworker.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic record ids: a one-letter kind prefix and the sha256 hex of what identifies the record. */
public final class StableIds {
    private StableIds() {
    }

    /** {@code prefix + sha256hex(parts joined by a newline)}; 65 characters, a valid store id. */
    public static String of(String prefix, String... parts) {
        return prefix + sha256(String.join("\n", parts));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
