package io.mailmesh.mesh.security;

import static io.mailmesh.mesh.store.StoreBucket.CONTACTS;
import static io.mailmesh.mesh.store.StoreBucket.CONTACT_INDEX;
import static io.mailmesh.mesh.store.StoreBucket.CREDENTIALS;
import static io.mailmesh.mesh.store.StoreBucket.DISCUSSIONS;
import static io.mailmesh.mesh.store.StoreBucket.IDENTITIES;
import static io.mailmesh.mesh.store.StoreBucket.IDENTITY_INDEX;
import static io.mailmesh.mesh.store.StoreBucket.MESSAGES;
import static io.mailmesh.mesh.store.StoreBucket.MESSAGE_INDEX;
import static io.mailmesh.mesh.store.StoreBucket.PUBLIC_KEYS;
import static io.mailmesh.mesh.store.StoreBucket.RAW_BYTES;
import static io.mailmesh.mesh.store.StoreBucket.RAW_INLINE;
import static io.mailmesh.mesh.store.StoreBucket.RAW_MESSAGES;
import static io.mailmesh.mesh.store.StoreBucket.USERS;

import io.mailmesh.mesh.store.StoreBucket;
import io.mailmesh.orders.Routes;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which store buckets each executable reads and writes, and the buckets it owns (creates and keeps alone). This is
 * the one hand-kept part of the grants: what a worker does with the store is its code's business, not the route
 * table's. Only the executables that decrypt credentials (the three bridges) read {@code credentials}; only the API,
 * which stores them, writes it; only the API touches its tokens and revocations.
 *
 * @param reads  buckets read (and watched) but never written
 * @param writes buckets written, and read
 * @param owned  buckets of the executable's own, named without the store prefix, which it may create
 */
public record StoreAccess(Set<StoreBucket> reads, Set<StoreBucket> writes, List<String> owned) {
    /** The API's own buckets (with the store prefix): logins, hashed tokens, and revoked NATS user keys. */
    public static final String AUTH_ACCOUNTS = "auth_accounts";
    public static final String API_TOKENS = "api_tokens";
    public static final String NATS_REVOCATIONS = "nats_revocations";
    /** The API's middleman enablements (EPUB/ESUB/EREQ leases of connected services), with the store prefix. */
    public static final String MIDDLEMAN_ENABLEMENTS = "middleman_enablements";
    /** identities-worker's sync-slot leases and imap-bridge's sync leases: outside the store prefix. */
    public static final String IDENTITIES_LEASES = "identities_leases";
    public static final String IMAP_SYNC_LEASES = "imap_sync_leases";
    /** The bridges' worker ownership: desired workers and owner leases per identity, outside the store prefix. */
    public static final String IMAP_WORKERS = "imap_workers";
    public static final String TWITTER_WORKERS = "twitter_workers";

    private static final Set<StoreBucket> RAW = EnumSet.of(RAW_MESSAGES, RAW_INLINE, RAW_BYTES);

    private static final Map<String, StoreAccess> BY_EXECUTABLE = Map.of(
            Routes.API, new StoreAccess(Set.of(), EnumSet.of(USERS, IDENTITIES, CREDENTIALS, IDENTITY_INDEX,
                    MESSAGES, MESSAGE_INDEX, DISCUSSIONS, CONTACTS, CONTACT_INDEX, PUBLIC_KEYS), List.of(AUTH_ACCOUNTS, API_TOKENS, NATS_REVOCATIONS,
                    MIDDLEMAN_ENABLEMENTS)),
            Routes.MQ_WORKER, new StoreAccess(EnumSet.of(USERS, IDENTITIES, IDENTITY_INDEX),
                    union(RAW, EnumSet.of(MESSAGES, MESSAGE_INDEX, DISCUSSIONS, CONTACTS, CONTACT_INDEX,
                            PUBLIC_KEYS)), List.of()),
            Routes.IDENTITIES_WORKER, new StoreAccess(EnumSet.of(USERS, IDENTITY_INDEX), EnumSet.of(IDENTITIES),
                    List.of(IDENTITIES_LEASES)),
            Routes.SMTP_BRIDGE, new StoreAccess(EnumSet.of(USERS, CREDENTIALS, IDENTITY_INDEX),
                    union(RAW, EnumSet.of(IDENTITIES, MESSAGES, MESSAGE_INDEX)), List.of()),
            Routes.IMAP_BRIDGE, new StoreAccess(EnumSet.of(USERS, CREDENTIALS, IDENTITY_INDEX),
                    union(RAW, EnumSet.of(IDENTITIES, MESSAGES, MESSAGE_INDEX)),
                    List.of(IMAP_SYNC_LEASES, IMAP_WORKERS)),
            Routes.TWITTER_BRIDGE, new StoreAccess(EnumSet.of(USERS, CREDENTIALS, IDENTITY_INDEX),
                    union(RAW, EnumSet.of(IDENTITIES, MESSAGES, MESSAGE_INDEX)), List.of(TWITTER_WORKERS)));

    public StoreAccess {
        reads = reads.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reads));
        writes = writes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(writes));
        owned = List.copyOf(owned);
    }

    /** The store access of one of the six executables. */
    public static StoreAccess of(String executable) {
        StoreAccess access = BY_EXECUTABLE.get(executable);
        if (access == null) {
            throw new IllegalArgumentException("no store access is declared for " + executable);
        }
        return access;
    }

    /**
     * True when {@code executable} reads or writes the encrypted credentials, so needs {@code MESH_SECRET_KEY};
     * an executable outside the table (a test's, an extension's) is assumed to.
     */
    public static boolean decryptsCredentials(String executable) {
        StoreAccess access = BY_EXECUTABLE.get(executable);
        return access == null || access.reads().contains(CREDENTIALS) || access.writes().contains(CREDENTIALS);
    }

    /** The API's own buckets carry the store prefix; the workers' lease buckets do not. */
    public static boolean ownedWithPrefix(String owned) {
        return owned.equals(AUTH_ACCOUNTS) || owned.equals(API_TOKENS) || owned.equals(NATS_REVOCATIONS)
                || owned.equals(MIDDLEMAN_ENABLEMENTS);
    }

    private static Set<StoreBucket> union(Set<StoreBucket> a, Set<StoreBucket> b) {
        EnumSet<StoreBucket> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }
}
