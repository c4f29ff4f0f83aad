package io.mailmesh.mesh.ownership;

import io.mailmesh.mesh.replication.Replicas;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance of a bridge runs the worker of each identity, kept in one key-value bucket that every instance
 * watches:
 * <ul>
 * <li>{@code want.<identity>} = user id: the desired state. {@code add_worker} creates it, {@code reload_worker}
 * rewrites it (its new revision tells the owner to restart the worker), {@code remove_worker} deletes it. Any
 * instance may take these orders: they only change the bucket.</li>
 * <li>{@code owner.<identity>} = {@code <instance>|<expiry millis>}: the ownership lease, taken with create (or
 * compare-and-set over an expired or deleted one), renewed every {@code ttl/3} by compare-and-set, deleted when the
 * worker is removed or the instance stops cleanly. The lease holder runs the worker; no one else does.</li>
 * </ul>
 * An instance that cannot renew (lost its connection, or found the lease taken) stops its worker once the lease
 * would have expired. When an owner dies its lease expires after at most {@code ttl}, and the next check of
 * another instance (every {@code ttl/3}) takes it over: the identity has a worker again within
 * {@code ttl + ttl/3} plus the worker's start. A clean stop deletes the lease, and the watchers take over at once.
 */
public final class WorkerOwnership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerOwnership.class);
    private static final Pattern KEY_SAFE = Pattern.compile("[A-Za-z0-9_=-]{1,200}");
    private static final String WANT = "want.";
    private static final String OWNER = "owner.";

    private final KeyValue kv;
    private final String bucket;
    private final String instance;
    private final Duration ttl;
    private final OwnedWorkers workers;
    private final Map<String, KeyValueEntry> wanted = new ConcurrentHashMap<>();
    private final Map<String, KeyValueEntry> owners = new ConcurrentHashMap<>();
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ExecutorService reconciler;
    private final ScheduledExecutorService ticker;
    private final NatsKeyValueWatchSubscription watch;
    private volatile boolean closed;

    /** A lease this instance holds: its revision, the desired-state revision its worker runs, when renewed. */
    private static final class Held {
        volatile long ownerRevision;
        volatile long wantRevision;
        volatile long renewedAt;

        Held(long ownerRevision, long wantRevision) {
            this.ownerRevision = ownerRevision;
            this.wantRevision = wantRevision;
            this.renewedAt = System.nanoTime();
        }
    }

    /**
     * Creates the bucket if missing, starts watching it and takes over what is wanted and unowned.
     *
     * @param bucket   the bucket (e.g. {@code imap_workers})
     * @param instance this instance's id, unique among the bridge's instances
     * @param ttl      how long a lease lasts without renewal: the bound of a takeover after an owner dies
     */
    public WorkerOwnership(Connection connection, String bucket, String instance, Duration ttl,
            OwnedWorkers workers) throws IOException, JetStreamApiException, InterruptedException {
        this(connection, bucket, instance, ttl, workers, Replicas.ONE);
    }

    /**
     * As {@link #WorkerOwnership(Connection, String, String, Duration, OwnedWorkers)}, the bucket with
     * {@code replicas} copies ({@code MESH_REPLICAS}): on a cluster a lost node must not take the leases with it.
     * An existing bucket is brought to that count.
     */
    public WorkerOwnership(Connection connection, String bucket, String instance, Duration ttl,
            OwnedWorkers workers, Replicas replicas) throws IOException, JetStreamApiException, InterruptedException {
        if (ttl.toMillis() < 300) {
            throw new IllegalArgumentException("worker lease must be at least 300 ms");
        }
        this.bucket = bucket;
        this.instance = instance;
        this.ttl = ttl;
        this.workers = workers;
        this.kv = replicas.openBucket(connection, KeyValueConfiguration.builder().name(bucket)
                .storageType(StorageType.File).maxHistoryPerKey(1));
        this.reconciler = Executors.newSingleThreadExecutor(r -> daemon(r, bucket + "-owner"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, bucket + "-lease"));
        this.watch = kv.watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                seen(entry);
            }

            @Override
            public void endOfData() {
                // the initial values are in; each was already queued for reconciliation
            }
        });
        long period = Math.max(100, ttl.toMillis() / 3);
        ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Whether {@code identityId} can be a key of the bucket (the order's {@code remote_id} is checked with it). */
    public static boolean validId(String identityId) {
        return identityId != null && KEY_SAFE.matcher(identityId).matches();
    }

    /**
     * Wants a worker for the identity. {@code reload} restarts a running one with the identity's current settings;
     * without it, an identity already wanted for the same user is left as it is.
     */
    public void want(String identityId, String userId, boolean reload) throws IOException, JetStreamApiException {
        requireValid(identityId);
        KeyValueEntry current = kv.get(WANT + identityId);
        if (!reload && current != null && current.getOperation() == KeyValueOperation.PUT
                && userId.equals(current.getValueAsString())) {
            return;
        }
        kv.put(WANT + identityId, userId.getBytes(StandardCharsets.UTF_8));
    }

    /** No longer wants a worker for the identity: its owner, wherever it runs, stops it. */
    public void unwant(String identityId) throws IOException, JetStreamApiException {
        requireValid(identityId);
        kv.delete(WANT + identityId);
    }

    /** The instance holding the identity's lease, if it is held and not expired. */
    public Optional<String> owner(String identityId) throws IOException, JetStreamApiException {
        requireValid(identityId);
        KeyValueEntry e = kv.get(OWNER + identityId);
        if (e == null || e.getOperation() != KeyValueOperation.PUT || expired(e)) {
            return Optional.empty();
        }
        return Optional.of(holder(e));
    }

    /** Whether this instance holds the identity's lease. */
    public boolean owns(String identityId) {
        return held.containsKey(identityId);
    }

    /** Reconciles one identity now, on the reconciler thread, and waits for it (at most {@code wait}). */
    public void settle(String identityId, Duration wait) throws Exception {
        Future<?> done = reconciler.submit(() -> reconcile(identityId));
        done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void seen(KeyValueEntry entry) {
        String key = entry.getKey();
        String id;
        if (key.startsWith(WANT)) {
            id = key.substring(WANT.length());
            track(wanted, id, entry);
            if (!closed) {
                reconciler.execute(() -> {
                    if (!held.containsKey(id)) {
                        workers.forget(id);
                    }
                });
            }
        } else if (key.startsWith(OWNER)) {
            id = key.substring(OWNER.length());
            track(owners, id, entry);
        } else {
            return;
        }
        submit(id);
    }

    private static void track(Map<String, KeyValueEntry> map, String id, KeyValueEntry entry) {
        map.merge(id, entry, (old, neu) -> neu.getRevision() >= old.getRevision() ? neu : old);
    }

    private void submit(String id) {
        if (!closed) {
            reconciler.execute(() -> reconcile(id));
        }
    }

    /** Brings this instance's part of one identity in line with the bucket. Runs on the reconciler thread only. */
    private void reconcile(String id) {
        if (closed) {
            return;
        }
        KeyValueEntry want = wanted.get(id);
        boolean isWanted = want != null && want.getOperation() == KeyValueOperation.PUT;
        Held mine = held.get(id);
        try {
            if (!isWanted) {
                if (mine != null) {
                    release(id, mine, "no longer wanted");
                }
                return;
            }
            if (mine != null) {
                if (want.getRevision() > mine.wantRevision) {
                    mine.wantRevision = want.getRevision();
                    LOG.info("{}: reloading the worker of {}", bucket, id);
                    startWorker(id, want, true);
                }
                return;
            }
            Optional<Long> taken = tryTake(id);
            if (taken.isPresent()) {
                held.put(id, new Held(taken.get(), want.getRevision()));
                LOG.info("{}: instance {} owns {} now; starting its worker", bucket, instance, id);
                startWorker(id, want, false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not reconcile the worker of {}: {}", bucket, id, e.toString());
        }
    }

    private void startWorker(String id, KeyValueEntry want, boolean reload) {
        try {
            workers.start(id, want.getValueAsString(), reload);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: the worker of {} did not start ({}); this instance keeps the identity and retries on"
                    + " reload_worker", bucket, id, e.toString());
        }
    }

    /** Creates the lease, or takes over an expired or deleted one; empty if someone else holds it. */
    private Optional<Long> tryTake(String id) throws IOException {
        String key = OWNER + id;
        try {
            return Optional.of(kv.create(key, lease()));
        } catch (JetStreamApiException exists) {
            try {
                KeyValueEntry entry = kv.get(key);
                if (entry == null) {
                    return Optional.of(kv.create(key, lease()));
                }
                if (entry.getOperation() != KeyValueOperation.PUT || expired(entry)
                        || instance.equals(holder(entry))) {
                    return Optional.of(kv.update(key, lease(), entry.getRevision()));
                }
                return Optional.empty();
            } catch (JetStreamApiException raced) {
                return Optional.empty();
            }
        }
    }

    private void release(String id, Held mine, String why) {
        held.remove(id);
        workers.stop(id);
        try {
            kv.delete(OWNER + id, mine.ownerRevision);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("{}: lease of {} already gone or taken: {}", bucket, id, e.toString());
        }
        LOG.info("{}: instance {} released {} ({})", bucket, instance, id, why);
    }

    /** Renews this instance's leases, drops the lost ones, and looks for wanted identities nobody holds. */
    private void tick() {
        long now = System.nanoTime();
        for (Map.Entry<String, Held> e : held.entrySet()) {
            String id = e.getKey();
            Held mine = e.getValue();
            try {
                mine.ownerRevision = kv.update(OWNER + id, lease(), mine.ownerRevision);
                mine.renewedAt = now;
            } catch (JetStreamApiException taken) {
                reconciler.execute(() -> {
                    if (held.remove(id, mine)) {
                        workers.stop(id);
                        LOG.warn("{}: lease of {} was taken by another instance; worker stopped", bucket, id);
                    }
                });
            } catch (IOException | RuntimeException unreachable) {
                if (now - mine.renewedAt > ttl.toNanos()) {
                    reconciler.execute(() -> {
                        if (held.remove(id, mine)) {
                            workers.stop(id);
                            LOG.warn("{}: lease of {} could not be renewed for {} ms ({}); worker stopped", bucket,
                                    id, ttl.toMillis(), unreachable.toString());
                        }
                    });
                }
            }
        }
        for (Map.Entry<String, KeyValueEntry> w : wanted.entrySet()) {
            if (w.getValue().getOperation() == KeyValueOperation.PUT && !held.containsKey(w.getKey())) {
                KeyValueEntry owner = owners.get(w.getKey());
                if (owner == null || owner.getOperation() != KeyValueOperation.PUT || expired(owner)) {
                    submit(w.getKey());
                }
            }
        }
    }

    private byte[] lease() {
        return (instance + "|" + (System.currentTimeMillis() + ttl.toMillis())).getBytes(StandardCharsets.UTF_8);
    }

    private static String holder(KeyValueEntry entry) {
        String v = entry.getValueAsString();
        int bar = v == null ? -1 : v.lastIndexOf('|');
        return bar < 0 ? "" : v.substring(0, bar);
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

    private static void requireValid(String identityId) {
        if (!validId(identityId)) {
            throw new IllegalArgumentException("identity id is not usable as a worker key");
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops this instance's workers and gives their leases back, so the other instances take over at once. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        try {
            watch.unsubscribe();
        } catch (RuntimeException e) {
            LOG.debug("{}: watch already ended: {}", bucket, e.toString());
        }
        Future<?> released = reconciler.submit(() -> {
            for (Map.Entry<String, Held> e : held.entrySet()) {
                release(e.getKey(), e.getValue(), "instance stopping");
            }
        });
        try {
            released.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{}: leases not all released on stop: {}", bucket, e.toString());
        }
        reconciler.shutdownNow();
    }
}
