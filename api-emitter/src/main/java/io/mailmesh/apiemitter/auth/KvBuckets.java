package io.mailmesh.apiemitter.auth;

import io.mailmesh.mesh.replication.Replicas;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;

/** Opens the auth service's small key-value buckets, creating them on first use (one value per key). */
final class KvBuckets {
    private KvBuckets() {
    }

    /** Opens {@code bucket} with {@code replicas} copies, bringing an existing bucket to that count. */
    static KeyValue open(Connection connection, String bucket, Replicas replicas)
            throws IOException, JetStreamApiException {
        return replicas.openBucket(connection, KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(1)
                .storageType(StorageType.File));
    }
}
