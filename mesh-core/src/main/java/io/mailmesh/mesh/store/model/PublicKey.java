package io.mailmesh.mesh.store.model;

import java.time.Instant;
import java.util.List;

/**
 * An OpenPGP public key of a user's contact (or of the user).
 *
 * @param keyId       key id (hex), unique per user
 * @param userId      owning user
 * @param resourceId  the contact (or identity) the key belongs to
 * @param fingerprint fingerprint (hex)
 * @param algorithm   algorithm name, e.g. RSA
 * @param bitSize     key size in bits
 * @param createdAt   creation date
 * @param expiresAt   expiry date, or null if none
 * @param userIds     OpenPGP user ids
 * @param armored     ASCII-armored key
 * @param label       label, or null
 */
public record PublicKey(String keyId, String userId, String resourceId, String fingerprint, String algorithm,
        int bitSize, Instant createdAt, Instant expiresAt, List<String> userIds, String armored, String label) {
    public PublicKey {
        userIds = Lists.copy(userIds);
    }

    public PublicKey withLabel(String newLabel) {
        return new PublicKey(keyId, userId, resourceId, fingerprint, algorithm, bitSize, createdAt, expiresAt,
                userIds, armored, newLabel);
    }
}
