package io.mailmesh.apiemitter.middleman;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.auth.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Tells a connection's role from the key of its first frame: a configured service or client key (compared in
 * constant time, as SHA-256 digests so the length leaks nothing either), else a user's valid API token (a client).
 * Keys are never logged nor repeated.
 */
@Singleton
final class MiddlemanKeys {
    static final int MAX_KEY_LENGTH = 512;
    private final List<byte[]> serviceDigests;
    private final List<byte[]> clientDigests;
    private final TokenStore tokens;

    @Inject
    MiddlemanKeys(MiddlemanSettings settings, TokenStore tokens) {
        this.serviceDigests = settings.serviceKeys().stream().map(MiddlemanKeys::digest).toList();
        this.clientDigests = settings.clientKeys().stream().map(MiddlemanKeys::digest).toList();
        this.tokens = tokens;
    }

    /** The role of a key, if it is one (a store failure is thrown as the store's exception). */
    Optional<Role> roleOf(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = digest(key.strip());
        boolean service = matchesAny(serviceDigests, presented);
        boolean client = matchesAny(clientDigests, presented);
        if (service) {
            return Optional.of(Role.SERVICE);
        }
        if (client) {
            return Optional.of(Role.CLIENT);
        }
        return tokens.userOf(key.strip()).map(user -> Role.CLIENT);
    }

    /** Compares with every digest, never stopping at the first match. */
    private static boolean matchesAny(List<byte[]> digests, byte[] presented) {
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
