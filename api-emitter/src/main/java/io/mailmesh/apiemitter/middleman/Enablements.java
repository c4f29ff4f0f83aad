package io.mailmesh.apiemitter.middleman;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.security.StoreAccess;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What services enabled for clients (EPUB, ESUB, EREQ), shared by every api-emitter instance through the key-value
 * bucket {@code <store prefix>middleman_enablements}. Each enablement is a lease: the key
 * {@code <PUB|SUB|REQ>.<base64url(target)>.<connection id>}, written by the service's instance when the service
 * enables it, rewritten every third of the lease (the bucket's max age is the lease), and deleted when the service
 * disconnects. Every instance watches the bucket and keeps the live leases in memory, so a check costs a map
 * look-up; a lease whose last write is older than the lease period is dead (its instance vanished without deleting
 * it), whether or not the server already expired it. An instance that restarts reads every lease back from the
 * bucket, so what a still-connected service enabled survives it.
 */
@Singleton
public final class Enablements implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Enablements.class);
    private static final Base64.Encoder KEY_ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The three things a service can enable. */
    public enum Kind {
        PUB, SUB, REQ;

        static Kind of(Command command) {
            return switch (command) {
                case EPUB, PUB -> PUB;
                case ESUB, SUB -> SUB;
                case EREQ, REQ -> REQ;
                default -> throw new IllegalArgumentException(command + " is not enabled by a service");
            };
        }
    }

    private final Connection connection;
    private final String bucketName;
    private final Duration lease;
    /** Live leases by {@code kind.base64(target)}: key → time of its last write. */
    private final Map<String, Map<String, Instant>> leases = new ConcurrentHashMap<>();
    /** The keys this instance's services hold, by connection id, rewritten at each heartbeat. */
    private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "middleman-enablements");
        thread.setDaemon(true);
        return thread;
    });
    private volatile KeyValue bucket;
    private volatile boolean watching;

    @Inject
    Enablements(Connection connection, StoreSettings store, MiddlemanSettings settings) {
        this.connection = connection;
        this.bucketName = store.bucketPrefix() + StoreAccess.MIDDLEMAN_ENABLEMENTS;
        this.lease = settings.lease();
    }

    @Override
    public void start() {
        timer.execute(this::open);
        long beat = Math.max(1, lease.toMillis() / 3);
        timer.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }

    @Override
    public boolean isReady() {
        return watching;
    }

    /** True when some connected service enabled {@code kind} for {@code target}. */
    public boolean allows(Kind kind, String target) {
        Map<String, Instant> byKey = leases.get(group(kind, target));
        if (byKey == null) {
            return false;
        }
        Instant oldest = Instant.now().minus(lease);
        return byKey.values().stream().anyMatch(written -> written.isAfter(oldest));
    }

    /** Records that the service {@code holder} enabled {@code kind} for {@code target}, for every instance. */
    void enable(Kind kind, String target, String holder) throws FrameException {
        KeyValue kv = bucket;
        if (kv == null) {
            throw new FrameException("unavailable", "the enablements store is not reachable yet; retry", target,
                    null);
        }
        String key = group(kind, target) + "." + holder;
        try {
            kv.put(key, target.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.warn("cannot store a middleman enablement in {}: {}", bucketName, e.getMessage());
            throw new FrameException("unavailable", "the enablements store is not reachable; retry", target, null);
        }
        held.computeIfAbsent(holder, h -> ConcurrentHashMap.newKeySet()).add(key);
        leases.computeIfAbsent(group(kind, target), g -> new ConcurrentHashMap<>()).put(key, Instant.now());
    }

    /** Ends every enablement of the service {@code holder} (it disconnected). */
    void endAll(String holder) {
        Set<String> keys = held.remove(holder);
        if (keys == null) {
            return;
        }
        for (String key : keys) {
            forget(key);
            KeyValue kv = bucket;
            if (kv == null) {
                continue;
            }
            try {
                kv.delete(key);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                LOG.warn("cannot delete a middleman enablement from {} (it ends with its lease): {}", bucketName,
                        e.getMessage());
            }
        }
    }

    private void open() {
        try {
            bucket = openOrCreate();
            bucket.watchAll(new Watcher());
            watching = true;
            LOG.info("middleman enablements: watching {}", bucketName);
        } catch (IOException | JetStreamApiException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.warn("middleman enablements: cannot open {} yet ({}); retrying in 2 s", bucketName, e.getMessage());
            if (!timer.isShutdown()) {
                timer.schedule(this::open, 2, TimeUnit.SECONDS);
            }
        }
    }

    private KeyValue openOrCreate() throws IOException, JetStreamApiException {
        var management = connection.keyValueManagement();
        try {
            management.getStatus(bucketName);
        } catch (JetStreamApiException missing) {
            try {
                management.create(KeyValueConfiguration.builder().name(bucketName).maxHistoryPerKey(1).ttl(lease)
                        .storageType(StorageType.Memory).build());
            } catch (JetStreamApiException raced) {
                management.getStatus(bucketName);
            }
        }
        return connection.keyValue(bucketName);
    }

    private void heartbeat() {
        KeyValue kv = bucket;
        if (kv == null) {
            return;
        }
        for (Map.Entry<String, Set<String>> holding : held.entrySet()) {
            for (String key : holding.getValue()) {
                try {
                    kv.put(key, targetOf(key).getBytes(StandardCharsets.UTF_8));
                    if (held.get(holding.getKey()) == null) {
                        // the service disconnected while its lease was rewritten: delete it again
                        kv.delete(key);
                    }
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    LOG.warn("middleman enablements: heartbeat to {} failed: {}", bucketName, e.getMessage());
                    return;
                }
            }
        }
    }

    private final class Watcher implements KeyValueWatcher {
        @Override
        public void watch(KeyValueEntry entry) {
            String key = entry.getKey();
            if (entry.getOperation() != KeyValueOperation.PUT) {
                forget(key);
                return;
            }
            int dot = key.lastIndexOf('.');
            if (dot <= 0) {
                return;
            }
            Instant written = entry.getCreated() == null ? Instant.now() : entry.getCreated().toInstant();
            leases.computeIfAbsent(key.substring(0, dot), g -> new ConcurrentHashMap<>()).put(key, written);
        }

        @Override
        public void endOfData() {
            LOG.debug("middleman enablements: initial leases read");
        }
    }

    private void forget(String key) {
        int dot = key.lastIndexOf('.');
        if (dot <= 0) {
            return;
        }
        Map<String, Instant> byKey = leases.get(key.substring(0, dot));
        if (byKey != null) {
            byKey.remove(key);
        }
    }

    static String group(Kind kind, String target) {
        return kind.name() + "." + KEY_ENCODER.encodeToString(target.getBytes(StandardCharsets.UTF_8));
    }

    private static String targetOf(String key) {
        String encoded = key.substring(key.indexOf('.') + 1, key.lastIndexOf('.'));
        return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
