package io.mailmesh.mqworker.keys;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an OpenPGP public key (its primary key) says about itself.
 *
 * @param fingerprint upper-case hex fingerprint
 * @param keyId       upper-case hex 64-bit key id
 * @param algorithm   algorithm name (RSA, DSA, ECDSA, EdDSA, Ed25519…)
 * @param bitSize     key size in bits
 * @param createdAt   creation time
 * @param expiresAt   expiry time, or null if it never expires
 * @param revoked     whether it carries a revocation
 * @param userIds     its user ids
 * @param armored     the ASCII-armored key ring
 */
public record KeyMaterial(String fingerprint, String keyId, String algorithm, int bitSize, Instant createdAt,
        Instant expiresAt, boolean revoked, List<String> userIds, String armored) {
    public KeyMaterial {
        userIds = List.copyOf(userIds);
    }

    /** Whether it has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** Whether one of its user ids carries {@code address} (case-insensitive, bare or in angle brackets). */
    public boolean carries(String address) {
        String wanted = address.trim().toLowerCase(Locale.ROOT);
        for (String uid : userIds) {
            String u = uid.toLowerCase(Locale.ROOT).trim();
            if (u.equals(wanted) || u.contains("<" + wanted + ">")) {
                return true;
            }
        }
        return false;
    }
}
