package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API tokens: a token is 32 random bytes shown once; only its SHA-256 is kept, as the key of a small key-value
 * bucket of its own ({@code <store prefix>api_tokens}) whose value is the user id.
 */
@Singleton
public final class TokenStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Connection connection;
    private final String bucket;
    private volatile KeyValue kv;

    @Inject
    TokenStore(Connection connection, StoreSettings settings) {
        this.connection = connection;
        this.bucket = settings.bucketPrefix() + "api_tokens";
    }

    /** Issues a new token for {@code userId} and returns it; the token itself is not stored. */
    public String issue(String userId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = "mm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try {
            bucket().put(hash(token), userId.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot store a token: " + e.getMessage(), e);
        }
        return token;
    }

    /** The user a token belongs to, if it is a valid token. */
    public Optional<String> userOf(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        try {
            KeyValueEntry entry = bucket().get(hash(token));
            return entry == null || entry.getValue() == null ? Optional.empty()
                    : Optional.of(new String(entry.getValue(), StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot read tokens: " + e.getMessage(), e);
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyValue bucket() throws IOException, JetStreamApiException {
        KeyValue current = kv;
        if (current == null) {
            synchronized (this) {
                if (kv == null) {
                    try {
                        connection.keyValueManagement().getStatus(bucket);
                    } catch (JetStreamApiException missing) {
                        try {
                            connection.keyValueManagement().create(KeyValueConfiguration.builder().name(bucket)
                                    .maxHistoryPerKey(1).storageType(StorageType.File).build());
                        } catch (JetStreamApiException raced) {
                            connection.keyValueManagement().getStatus(bucket);
                        }
                    }
                    kv = connection.keyValue(bucket);
                }
                current = kv;
            }
        }
        return current;
    }
}
