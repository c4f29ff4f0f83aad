package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.replication.Replicas;
import io.mailmesh.mesh.store.StoreBucket;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.util.function.Supplier;

/** Creates (idempotently) and opens the store's buckets, all named with the configured prefix. */
final class Buckets {
    static final String USERS = StoreBucket.USERS.suffix();
    static final String IDENTITIES = StoreBucket.IDENTITIES.suffix();
    static final String CREDENTIALS = StoreBucket.CREDENTIALS.suffix();
    static final String IDENTITY_INDEX = StoreBucket.IDENTITY_INDEX.suffix();
    static final String RAW_MESSAGES = StoreBucket.RAW_MESSAGES.suffix();
    static final String RAW_INLINE = StoreBucket.RAW_INLINE.suffix();
    static final String RAW_BYTES = StoreBucket.RAW_BYTES.suffix();
    static final String MESSAGES = StoreBucket.MESSAGES.suffix();
    static final String MESSAGE_INDEX = StoreBucket.MESSAGE_INDEX.suffix();
    static final String DISCUSSIONS = StoreBucket.DISCUSSIONS.suffix();
    static final String CONTACTS = StoreBucket.CONTACTS.suffix();
    static final String CONTACT_INDEX = StoreBucket.CONTACT_INDEX.suffix();
    static final String PUBLIC_KEYS = StoreBucket.PUBLIC_KEYS.suffix();

    private final Connection connection;
    private final StoreSettings settings;
    private final StorageType storage;
    private final Replicas replicas;

    Buckets(Connection connection, StoreSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.replicas = new Replicas(settings.replicas());
        this.storage = settings.storage() == StoreSettings.Storage.MEMORY ? StorageType.Memory : StorageType.File;
    }

    /** The key-value bucket {@code prefix + name}, opened (and created if missing) on first use. */
    Kv keyValue(String name) {
        String bucket = settings.bucketPrefix() + name;
        return new Kv(bucket, () -> openKeyValue(bucket), jetStream());
    }

    private JetStream jetStream() {
        try {
            return connection.jetStream();
        } catch (IOException e) {
            throw new StoreException("cannot use JetStream: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a bucket, creating it when missing. An executable with least-privilege credentials may only look:
     * provisioning ({@code provision}) has created every bucket before it starts.
     */
    private KeyValue openKeyValue(String bucket) {
        try {
            replicas.findOrCreate(connection, "KV_" + bucket, replicas.creating(connection,
                    KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(1).storageType(storage)
                            .maxBucketSize(settings.bucketMaxBytes()).build()));
            return connection.keyValue(bucket);
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot create key-value bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** The object store {@code prefix + name}, opened (and created if missing) on first use. */
    Supplier<ObjectStore> objectStore(String name) {
        return new Supplier<>() {
            private volatile ObjectStore open;

            @Override
            public ObjectStore get() {
                if (open == null) {
                    synchronized (this) {
                        if (open == null) {
                            open = openObjectStore(name);
                        }
                    }
                }
                return open;
            }
        };
    }

    private ObjectStore openObjectStore(String name) {
        String bucket = settings.bucketPrefix() + name;
        try {
            replicas.findOrCreate(connection, "OBJ_" + bucket, replicas.creating(connection,
                    ObjectStoreConfiguration.builder().name(bucket).storageType(storage)
                            .maxBucketSize(settings.rawBucketMaxBytes()).build()));
            return connection.objectStore(bucket);
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot create object store " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Provisioning, with credentials that may change streams: brings an existing bucket to the configured replicas
     * ({@link Replicas}) and byte limit (a key-value bucket and an object store are each a stream, {@code KV_<bucket>} and
     * {@code OBJ_<bucket>}). Executables never call this; they find buckets as provisioning left them.
     */
    void applyLimit(String name, boolean objectStore) {
        String stream = (objectStore ? "OBJ_" : "KV_") + settings.bucketPrefix() + name;
        long wanted = objectStore ? settings.rawBucketMaxBytes() : settings.bucketMaxBytes();
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            replicas.reconcile(connection, stream, true);
            StreamConfiguration have = jsm.getStreamInfo(stream).getConfiguration();
            if (have.getMaxBytes() != wanted) {
                jsm.updateStream(StreamConfiguration.builder(have).maxBytes(wanted).build());
            }
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot set the replicas and byte limit of " + stream + ": " + e.getMessage(), e);
        }
    }

    /** Largest record (JSON) one key-value entry may hold: the server's payload limit less header room. */
    long maxValueBytes() {
        return connection.getMaxPayload() - 4096;
    }
}
