package io.mailmesh.identitiesworker.lease;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.identitiesworker.IdentitiesSettings;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.replication.Replicas;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordination bucket the instances of identities-worker share (the only place this module touches NATS
 * directly). A sync slot is emitted by the instance that creates its lease key {@code slot.<identity>.<interval
 * seconds>.<slot>} first: KV {@code create} fails when the key exists, and keys expire with the bucket's max age.
 * The same bucket carries change notices {@code changed.<identity>} so every instance re-reads an identity another
 * instance was told about. Leases are kept in memory: they only matter for the minutes around a slot.
 */
@Singleton
public final class SlotLeases {
    private static final Logger LOG = LoggerFactory.getLogger(SlotLeases.class);
    private static final int WRONG_LAST_SEQUENCE = 10071;
    private static final String NOTICE_PREFIX = "changed.";
    private static final java.time.Duration RETRY_DELAY = java.time.Duration.ofMillis(250);

    private final Connection connection;
    private final IdentitiesSettings settings;
    private final String instanceId;
    private final Replicas replicas;
    private volatile KeyValue kv;

    @Inject
    public SlotLeases(Connection connection, IdentitiesSettings settings, MeshConfig config, Replicas replicas) {
        this.connection = connection;
        this.settings = settings;
        this.instanceId = config.instanceId();
        this.replicas = replicas;
    }

    /** A single-replica bucket (one nats-server). */
    public SlotLeases(Connection connection, IdentitiesSettings settings, MeshConfig config) {
        this(connection, settings, config, Replicas.ONE);
    }

    /** Creates the bucket if it is missing (or corrects its max age) and opens it; idempotent. */
    public KeyValue open() {
        KeyValue current = kv;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (kv == null) {
                try {
                    kv = ensureBucket();
                } catch (IOException | JetStreamApiException e) {
                    throw new LeaseUnavailableException("cannot open the lease bucket " + settings.leaseBucket()
                            + ": " + e.getMessage(), e);
                }
            }
            return kv;
        }
    }

    /**
     * Takes the lease of one slot. True when this instance won it and must emit the sync; false when another
     * instance (or this one) already holds it.
     *
     * @throws LeaseUnavailableException when the bucket cannot be reached
     */
    public boolean tryAcquire(String identityId, long intervalSeconds, long slot) {
        return tryAcquire(identityId, intervalSeconds, slot, 0);
    }

    /**
     * As {@link #tryAcquire(String, long, long)}, retrying while the bucket cannot be reached until
     * {@code retryUntilMillis} (epoch): on a cluster, the bucket's new leader is elected within seconds of a node's
     * loss, well inside a slot. A create whose answer was lost with the node may have landed: a key that holds this
     * instance's id is this instance's lease.
     */
    public boolean tryAcquire(String identityId, long intervalSeconds, long slot, long retryUntilMillis) {
        int attempt = 0;
        while (true) {
            try {
                return acquireOnce(identityId, intervalSeconds, slot, attempt++ > 0);
            } catch (LeaseUnavailableException e) {
                if (System.currentTimeMillis() + RETRY_DELAY.toMillis() >= retryUntilMillis) {
                    throw e;
                }
                LOG.debug("{}; retrying", e.getMessage());
                java.util.concurrent.locks.LockSupport.parkNanos(RETRY_DELAY.toNanos()); // a retry delay
            }
        }
    }

    private boolean acquireOnce(String identityId, long intervalSeconds, long slot, boolean retry) {
        String key = slotKey(identityId, intervalSeconds, slot);
        try {
            open().create(key, instanceId.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return retry && heldByThisInstance(key);
            }
            throw new LeaseUnavailableException("lease of " + identityId + " slot " + slot + " failed: "
                    + e.getMessage(), e);
        } catch (IOException | IllegalStateException e) {
            throw new LeaseUnavailableException("lease of " + identityId + " slot " + slot + " failed: "
                    + e.getMessage(), e);
        }
    }

    private boolean heldByThisInstance(String key) {
        try {
            KeyValueEntry entry = open().get(key);
            return entry != null && entry.getValue() != null
                    && instanceId.equals(new String(entry.getValue(), StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException e) {
            throw new LeaseUnavailableException("lease " + key + " unreadable: " + e.getMessage(), e);
        }
    }

    /** Gives a won lease back (its sync could not be emitted), so a retry may take it; best effort. */
    public void release(String identityId, long intervalSeconds, long slot) {
        try {
            open().delete(slotKey(identityId, intervalSeconds, slot));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("could not release the lease of {} slot {}: {}", identityId, slot, e.getMessage());
        }
    }

    /** Tells the other instances that an identity's schedule changed; best effort (reconciliation is the net). */
    public void announce(String identityId) {
        try {
            open().put(NOTICE_PREFIX + identityId, instanceId.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("could not announce the change of identity {}: {}", identityId, e.getMessage());
        }
    }

    /**
     * Calls {@code onPeerChange} with the identity id of every notice another instance announces from now on. The
     * callback runs on a NATS dispatcher thread: hand heavy work to an executor.
     */
    public AutoCloseable watchAnnouncements(Consumer<String> onPeerChange) throws IOException, JetStreamApiException,
            InterruptedException {
        NatsKeyValueWatchSubscription subscription = open().watch(NOTICE_PREFIX + ">", new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                if (entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null
                        && !instanceId.equals(new String(entry.getValue(), StandardCharsets.UTF_8))) {
                    onPeerChange.accept(entry.getKey().substring(NOTICE_PREFIX.length()));
                }
            }

            @Override
            public void endOfData() {
            }
        }, KeyValueWatchOption.UPDATES_ONLY);
        return subscription::unsubscribe;
    }

    static String slotKey(String identityId, long intervalSeconds, long slot) {
        return "slot." + identityId + "." + intervalSeconds + "." + slot;
    }

    /**
     * Finds or creates the bucket (instances starting at once race to create it: {@link Replicas#findOrCreate}), then
     * corrects its max age and brings it to the mesh's replicas, reads answered by its leader alone.
     */
    private KeyValue ensureBucket() throws IOException, JetStreamApiException {
        KeyValueManagement kvm = connection.keyValueManagement();
        KeyValueConfiguration wanted = KeyValueConfiguration.builder().name(settings.leaseBucket())
                .maxHistoryPerKey(1).ttl(settings.leaseTtl()).storageType(StorageType.Memory)
                .replicas(replicas.count()).build();
        String stream = "KV_" + settings.leaseBucket();
        StreamInfo found = replicas.findOrCreate(connection, stream, replicas.creating(connection, wanted));
        if (!settings.leaseTtl().equals(found.getConfiguration().getMaxAge())) {
            LOG.info("lease bucket {}: max age {} -> {}", settings.leaseBucket(),
                    found.getConfiguration().getMaxAge(), settings.leaseTtl());
            kvm.update(wanted); // before the replicas: an update through jnats turns allow_direct on again
        }
        replicas.reconcile(connection, stream, true);
        return connection.keyValue(settings.leaseBucket());
    }

    /** The lease bucket cannot be reached: the slot is neither won nor lost. */
    public static final class LeaseUnavailableException extends RuntimeException {
        public LeaseUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
