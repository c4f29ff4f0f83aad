package io.mailmesh.mesh.store;

import io.mailmesh.mesh.config.DevelopmentKey;
import io.mailmesh.mesh.config.EnvVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store configuration.
 *
 * @param replicas           stream replicas of every bucket ({@code MESH_REPLICAS}: 1; 3 on a cluster)
 * @param storage            file or memory storage
 * @param secretKey          32-byte AES key for credentials, the one new writes use (never printed)
 * @param maxRawMessageBytes largest raw message accepted (25 MiB by default)
 * @param bucketPrefix       prefix of every bucket name ({@code mesh_} by default)
 * @param oldSecretKeys      32-byte keys credentials may still be stored under, read but never written with: the
 *                           keys of before a rotation (never printed)
 * @param bucketMaxBytes     largest size of each key-value bucket, -1 (the default) for no limit; a full bucket
 *                           refuses writes, it never drops records
 * @param rawBucketMaxBytes  largest size of the object store of large raw mails ({@code raw_bytes}), -1 (the
 *                           default) for no limit
 */
public record StoreSettings(int replicas, Storage storage, byte[] secretKey, long maxRawMessageBytes,
        String bucketPrefix, List<byte[]> oldSecretKeys, long bucketMaxBytes, long rawBucketMaxBytes) {

    /** Where JetStream keeps the buckets. */
    public enum Storage {
        FILE, MEMORY
    }

    public static final String SECRET_KEY_VARIABLE = "MESH_SECRET_KEY";
    public static final String OLD_SECRET_KEYS_VARIABLE = "MESH_SECRET_KEYS_OLD";
    public static final long DEFAULT_MAX_RAW_MESSAGE_BYTES = 25L * 1024 * 1024;
    public static final String DEFAULT_BUCKET_PREFIX = "mesh_";
    public static final String BUCKET_MAX_BYTES_VARIABLE = "MESH_STORE_MAX_BYTES";
    public static final String RAW_BUCKET_MAX_BYTES_VARIABLE = "MESH_STORE_RAW_BUCKET_MAX_BYTES";
    public static final String REPLICAS_VARIABLE = "MESH_STORE_REPLICAS";
    public static final String STORAGE_VARIABLE = "MESH_STORE_STORAGE";
    public static final String MAX_RAW_BYTES_VARIABLE = "MESH_STORE_MAX_RAW_BYTES";
    public static final String BUCKET_PREFIX_VARIABLE = "MESH_STORE_BUCKET_PREFIX";
    /** Every variable {@link #from} reads, for {@code --help}. */
    public static final List<EnvVariable> VARIABLES = List.of(
            new EnvVariable(SECRET_KEY_VARIABLE, "base64 of 32 bytes; encrypts stored credentials; required "
                    + "outside the development profile (only api-emitter and the bridges use it)"),
            new EnvVariable(OLD_SECRET_KEYS_VARIABLE, "comma-separated base64 keys of before a rotation, still "
                    + "read (OPERATIONS.md: Rotating MESH_SECRET_KEY)"),
            new EnvVariable(REPLICAS_VARIABLE, "stream replicas of every bucket, 1 to 5 (default 1)"),
            new EnvVariable(STORAGE_VARIABLE, "file or memory (default file)"),
            new EnvVariable(MAX_RAW_BYTES_VARIABLE, "largest raw message stored (default 26214400)"),
            new EnvVariable(BUCKET_PREFIX_VARIABLE, "prefix of every bucket name (default mesh_)"),
            new EnvVariable(BUCKET_MAX_BYTES_VARIABLE, "largest size of each key-value bucket (default -1, none)"),
            new EnvVariable(RAW_BUCKET_MAX_BYTES_VARIABLE, "largest size of the raw_bytes object store "
                    + "(default -1, none)"));
    /**
     * No limit unless configured: how much a bucket needs grows with the users, and the server reserves each
     * bucket's limit up front against its JetStream storage, so a default large enough for one installation would
     * not even fit on another's disk.
     */
    public static final long NO_LIMIT = -1;

    private static final Logger LOG = LoggerFactory.getLogger(StoreSettings.class);

    public StoreSettings {
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas must be 1 to 5, got " + replicas);
        }
        storage = storage == null ? Storage.FILE : storage;
        if (secretKey == null || secretKey.length != 32) {
            throw new IllegalArgumentException("the secret key must be 32 bytes");
        }
        secretKey = secretKey.clone();
        if (maxRawMessageBytes < 1) {
            throw new IllegalArgumentException("maxRawMessageBytes must be positive");
        }
        bucketPrefix = bucketPrefix == null ? DEFAULT_BUCKET_PREFIX : bucketPrefix;
        if (!bucketPrefix.matches("[A-Za-z0-9_-]{0,64}")) {
            throw new IllegalArgumentException("bucket prefix may hold only A-Z a-z 0-9 _ -: " + bucketPrefix);
        }
        oldSecretKeys = oldSecretKeys == null ? List.of() : oldSecretKeys.stream().map(k -> {
            if (k == null || k.length != 32) {
                throw new IllegalArgumentException("every old secret key must be 32 bytes");
            }
            return k.clone();
        }).toList();
        checkLimit(BUCKET_MAX_BYTES_VARIABLE, bucketMaxBytes);
        checkLimit(RAW_BUCKET_MAX_BYTES_VARIABLE, rawBucketMaxBytes);
    }

    /** Settings without byte limits on the buckets. */
    public StoreSettings(int replicas, Storage storage, byte[] secretKey, long maxRawMessageBytes,
            String bucketPrefix, List<byte[]> oldSecretKeys) {
        this(replicas, storage, secretKey, maxRawMessageBytes, bucketPrefix, oldSecretKeys, NO_LIMIT, NO_LIMIT);
    }

    private static void checkLimit(String variable, long maxBytes) {
        if (maxBytes == 0 || maxBytes < -1) {
            throw new IllegalArgumentException(variable + " must be positive or -1 for no limit, got " + maxBytes);
        }
    }

    /** Settings without old keys: nothing was rotated. */
    public StoreSettings(int replicas, Storage storage, byte[] secretKey, long maxRawMessageBytes,
            String bucketPrefix) {
        this(replicas, storage, secretKey, maxRawMessageBytes, bucketPrefix, List.of());
    }

    /** Single-replica file storage with default limits and prefix. */
    public static StoreSettings defaults(byte[] secretKey) {
        return new StoreSettings(1, Storage.FILE, secretKey, DEFAULT_MAX_RAW_MESSAGE_BYTES, DEFAULT_BUCKET_PREFIX);
    }

    /**
     * Reads settings from the environment: {@code MESH_SECRET_KEY} (base64 of 32 bytes, required unless
     * {@code developmentProfile}), {@code MESH_SECRET_KEYS_OLD} (comma-separated base64 keys still accepted for
     * reading, none by default), {@code MESH_REPLICAS} (1, see {@link io.mailmesh.mesh.replication.Replicas}), {@code MESH_STORE_STORAGE} (file|memory),
     * {@code MESH_STORE_MAX_RAW_BYTES} (26214400), {@code MESH_STORE_BUCKET_PREFIX} (mesh_),
     * {@code MESH_STORE_MAX_BYTES} and {@code MESH_STORE_RAW_BUCKET_MAX_BYTES} (-1, no limit).
     *
     * @throws IllegalStateException without a usable key outside the development profile
     */
    public static StoreSettings from(Map<String, String> env, boolean developmentProfile) {
        byte[] key = secretKey(env.get(SECRET_KEY_VARIABLE), developmentProfile);
        int replicas = io.mailmesh.mesh.replication.Replicas.from(env).count();
        Storage storage = Storage.valueOf(env.getOrDefault(STORAGE_VARIABLE, "file").trim()
                .toUpperCase(Locale.ROOT));
        long maxRaw = Long.parseLong(env.getOrDefault(MAX_RAW_BYTES_VARIABLE,
                String.valueOf(DEFAULT_MAX_RAW_MESSAGE_BYTES)).trim());
        String prefix = env.getOrDefault(BUCKET_PREFIX_VARIABLE, DEFAULT_BUCKET_PREFIX).trim();
        return new StoreSettings(replicas, storage, key, maxRaw, prefix, oldSecretKeys(env.get(
                OLD_SECRET_KEYS_VARIABLE)), bytes(env, BUCKET_MAX_BYTES_VARIABLE),
                bytes(env, RAW_BUCKET_MAX_BYTES_VARIABLE));
    }

    private static long bytes(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return NO_LIMIT;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(variable + " must be a number of bytes (or -1 for no limit): " + value);
        }
    }

    /** The same settings with these bucket limits. */
    public StoreSettings withBucketLimits(long bucketMaxBytes, long rawBucketMaxBytes) {
        return new StoreSettings(replicas, storage, secretKey, maxRawMessageBytes, bucketPrefix, oldSecretKeys,
                bucketMaxBytes, rawBucketMaxBytes);
    }

    private static List<byte[]> oldSecretKeys(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>();
        String[] parts = encoded.split(",");
        for (int i = 0; i < parts.length; i++) {
            String where = OLD_SECRET_KEYS_VARIABLE + "'s key number " + (i + 1); // never the key itself
            byte[] key;
            try {
                key = Base64.getDecoder().decode(parts[i].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + " is not valid base64");
            }
            if (key.length != 32) {
                throw new IllegalStateException(where + " must decode to 32 bytes, got " + key.length);
            }
            keys.add(key);
        }
        return keys;
    }

    private static byte[] secretKey(String encoded, boolean developmentProfile) {
        if (encoded == null || encoded.isBlank()) {
            if (!developmentProfile) {
                throw new IllegalStateException(SECRET_KEY_VARIABLE + " is required outside the development "
                        + "profile: set it to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)");
            }
            LOG.warn("*** {} is not set: using the FIXED DEVELOPMENT KEY for credentials. Anyone can decrypt "
                    + "them. Never run like this in production. ***", SECRET_KEY_VARIABLE);
            return developmentKey();
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SECRET_KEY_VARIABLE + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(SECRET_KEY_VARIABLE + " must decode to 32 bytes, got " + key.length);
        }
        return key;
    }

    /** The fixed, public key used in the development profile when no key is set. */
    static byte[] developmentKey() {
        return DevelopmentKey.bytes();
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public List<byte[]> oldSecretKeys() {
        return oldSecretKeys.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreSettings s && replicas == s.replicas && storage == s.storage
                && Arrays.equals(secretKey, s.secretKey) && maxRawMessageBytes == s.maxRawMessageBytes
                && bucketPrefix.equals(s.bucketPrefix) && bucketMaxBytes == s.bucketMaxBytes
                && rawBucketMaxBytes == s.rawBucketMaxBytes && oldSecretKeys.size() == s.oldSecretKeys.size()
                && java.util.stream.IntStream.range(0, oldSecretKeys.size())
                        .allMatch(i -> Arrays.equals(oldSecretKeys.get(i), s.oldSecretKeys.get(i)));
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(secretKey) + java.util.Objects.hash(replicas, storage, maxRawMessageBytes,
                bucketPrefix, oldSecretKeys.size(), bucketMaxBytes, rawBucketMaxBytes);
    }

    @Override
    public String toString() {
        return "StoreSettings[replicas=" + replicas + ", storage=" + storage + ", secretKey=***, oldSecretKeys="
                + oldSecretKeys.size() + ", maxRawMessageBytes=" + maxRawMessageBytes + ", bucketPrefix="
                + bucketPrefix + ", bucketMaxBytes=" + bucketMaxBytes + ", rawBucketMaxBytes=" + rawBucketMaxBytes
                + "]";
    }
}
