package io.mailmesh.apiemitter.auth;

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

    static KeyValue open(Connection connection, String bucket) throws IOException, JetStreamApiException {
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
        return connection.keyValue(bucket);
    }
}
