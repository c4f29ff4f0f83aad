package io.mailmesh.apiemitter.auth;

import io.mailmesh.mesh.security.StoreAccess;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API tokens: a token is 32 random bytes shown once; only its SHA-256 is kept, as the key of a small key-value
 * bucket of its own ({@code <store prefix>api_tokens}) whose value is a {@link TokenRecord} (user, expiry, the
 * NATS user of its login). An expired token is refused (and removed); a revoked one is deleted. Records without an
 * expiry (written before tokens expired) are refused.
 */
@Singleton
public final class TokenStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LazyBucket bucket;
    private final AuthSettings settings;

    @Inject
    TokenStore(Connection connection, StoreSettings store, AuthSettings settings) {
        this.bucket = new LazyBucket(connection, store.bucketPrefix() + StoreAccess.API_TOKENS, store);
        this.settings = settings;
    }

    /** A token just issued, shown once. */
    public record Issued(String token, Instant expiresAt) {
    }

    /** Issues a new token for {@code userId}, valid for the configured TTL; the token itself is not stored. */
    public Issued issue(String userId, String natsUser) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "mm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = Instant.now().plus(settings.tokenTtl());
        try {
            bucket.get().put(hash(token), JSON.writeValueAsBytes(new TokenRecord(userId, expires.getEpochSecond(),
                    natsUser)));
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot store a token: " + e.getMessage(), e);
        }
        return new Issued(token, expires);
    }

    /** The user a token belongs to, if it is a valid, unexpired token. */
    public Optional<String> userOf(String token) {
        return recordOf(token).map(TokenRecord::userId);
    }

    /** The record of a valid, unexpired token. */
    public Optional<TokenRecord> recordOf(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        try {
            KeyValueEntry entry = bucket.get().get(hash(token));
            if (entry == null || entry.getValue() == null || entry.getValue().length == 0
                    || entry.getValue()[0] != '{') {
                return Optional.empty();
            }
            TokenRecord record = JSON.readValue(entry.getValue(), TokenRecord.class);
            if (record.userId() == null || record.expiredAt(Instant.now())) {
                bucket.get().delete(hash(token));
                return Optional.empty();
            }
            return Optional.of(record);
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot read tokens: " + e.getMessage(), e);
        }
    }

    /** Deletes a token; returns its record if it was valid. */
    public Optional<TokenRecord> revoke(String token) {
        Optional<TokenRecord> record = recordOf(token);
        record.ifPresent(r -> {
            try {
                bucket.get().delete(hash(token));
            } catch (IOException | JetStreamApiException e) {
                throw new StoreException("cannot revoke a token: " + e.getMessage(), e);
            }
        });
        return record;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
