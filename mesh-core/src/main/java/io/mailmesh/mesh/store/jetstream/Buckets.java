package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValueManagement;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;

/** Creates (idempotently) and opens the store's buckets, all named with the configured prefix. */
final class Buckets {
    static final String USERS = "users";
    static final String IDENTITIES = "identities";
    static final String CREDENTIALS = "credentials";
    static final String IDENTITY_INDEX = "identity_index";
    static final String RAW_MESSAGES = "raw_messages";
    static final String RAW_INLINE = "raw_inline";
    static final String RAW_BYTES = "raw_bytes";
    static final String MESSAGES = "messages";
    static final String MESSAGE_INDEX = "message_index";
    static final String DISCUSSIONS = "discussions";
    static final String CONTACTS = "contacts";
    static final String CONTACT_INDEX = "contact_index";
    static final String PUBLIC_KEYS = "public_keys";

    private final Connection connection;
    private final StoreSettings settings;
    private final StorageType storage;

    Buckets(Connection connection, StoreSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.storage = settings.storage() == StoreSettings.Storage.MEMORY ? StorageType.Memory : StorageType.File;
    }

    /** The key-value bucket {@code prefix + name}, created if missing. */
    Kv keyValue(String name) {
        String bucket = settings.bucketPrefix() + name;
        try {
            KeyValueManagement kvm = connection.keyValueManagement();
            if (!exists(() -> kvm.getStatus(bucket))) {
                try {
                    kvm.create(KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(1)
                            .storageType(storage).replicas(settings.replicas()).build());
                } catch (JetStreamApiException e) {
                    if (!exists(() -> kvm.getStatus(bucket))) {
                        throw e;
                    }
                }
            }
            return new Kv(connection.keyValue(bucket), connection.jetStream());
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot create key-value bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** The object store {@code prefix + name}, created if missing. */
    ObjectStore objectStore(String name) {
        String bucket = settings.bucketPrefix() + name;
        try {
            ObjectStoreManagement osm = connection.objectStoreManagement();
            if (!exists(() -> osm.getStatus(bucket))) {
                try {
                    osm.create(ObjectStoreConfiguration.builder().name(bucket).storageType(storage)
                            .replicas(settings.replicas()).build());
                } catch (JetStreamApiException e) {
                    if (!exists(() -> osm.getStatus(bucket))) {
                        throw e;
                    }
                }
            }
            return connection.objectStore(bucket);
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot create object store " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Largest record (JSON) one key-value entry may hold: the server's payload limit less header room. */
    long maxValueBytes() {
        return connection.getMaxPayload() - 4096;
    }

    private interface Status {
        Object get() throws IOException, JetStreamApiException;
    }

    private static boolean exists(Status status) throws IOException, JetStreamApiException {
        try {
            return status.get() != null;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == 10059 || e.getErrorCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
