package io.mailmesh.imapbridge.sync;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.replication.Replicas;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One sync per identity at a time across every instance: a lease in the NATS key-value bucket
 * {@code imap_sync_leases}, taken with create (or compare-and-set over an expired holder), renewed while the sync
 * runs and deleted (compare-and-set) when it ends. A crashed holder's lease simply expires.
 */
@Singleton
public final class SyncLease {
    static final String BUCKET = "imap_sync_leases";

    private final KeyValue kv;
    private final String holder;

    @Inject
    public SyncLease(Connection connection, MeshConfig config, Replicas replicas)
            throws IOException, JetStreamApiException {
        this.kv = replicas.openBucket(connection, KeyValueConfiguration.builder().name(BUCKET)
                .storageType(StorageType.File).maxHistoryPerKey(1).ttl(Duration.ofHours(1)));
        this.holder = config.instanceId();
    }

    /** On a single nats-server: a one-replica bucket. */
    public SyncLease(Connection connection, MeshConfig config) throws IOException, JetStreamApiException {
        this(connection, config, Replicas.ONE);
    }

    /** A held lease; renew it between batches, close it at the end. */
    public final class Held implements AutoCloseable {
        private final String key;
        private final Duration ttl;
        private long revision;

        private Held(String key, Duration ttl, long revision) {
            this.key = key;
            this.ttl = ttl;
            this.revision = revision;
        }

        /** Extends the lease. @return false if it was lost (expired and taken by another instance) */
        public boolean renew() {
            try {
                revision = kv.update(key, value(ttl), revision);
                return true;
            } catch (JetStreamApiException | IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                kv.delete(key, revision);
            } catch (JetStreamApiException | IOException e) {
                // lost or already gone: nothing to give back
            }
        }
    }

    /** Takes the lease of {@code identityId} for {@code ttl}, or returns empty if another sync holds it. */
    public Optional<Held> tryAcquire(String identityId, Duration ttl) throws IOException {
        String key = identityId;
        try {
            return Optional.of(new Held(key, ttl, kv.create(key, value(ttl))));
        } catch (JetStreamApiException exists) {
            try {
                KeyValueEntry entry = kv.get(key);
                if (entry == null) {
                    return Optional.of(new Held(key, ttl, kv.create(key, value(ttl))));
                }
                if (entry.getOperation() != KeyValueOperation.PUT || expired(entry)) {
                    return Optional.of(new Held(key, ttl, kv.update(key, value(ttl), entry.getRevision())));
                }
                return Optional.empty();
            } catch (JetStreamApiException raced) {
                return Optional.empty();
            }
        }
    }

    private byte[] value(Duration ttl) {
        return (holder + "|" + Instant.now().plus(ttl).toEpochMilli()).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean expired(KeyValueEntry entry) {
        String v = entry.getValueAsString();
        int bar = v == null ? -1 : v.lastIndexOf('|');
        if (bar < 0) {
            return true;
        }
        try {
            return Long.parseLong(v.substring(bar + 1)) < System.currentTimeMillis();
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
