package io.mailmesh.apiemitter.auth;

import io.mailmesh.mesh.store.StoreException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import java.io.IOException;

/** A key-value bucket opened (and created) on first use, so the API starts while JetStream is still coming up. */
final class LazyBucket {
    private final Connection connection;
    private final String name;
    private volatile KeyValue kv;

    LazyBucket(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    String name() {
        return name;
    }

    KeyValue get() {
        KeyValue current = kv;
        if (current == null) {
            synchronized (this) {
                if (kv == null) {
                    try {
                        kv = KvBuckets.open(connection, name);
                    } catch (IOException | JetStreamApiException e) {
                        throw new StoreException("cannot open bucket " + name + ": " + e.getMessage(), e);
                    }
                }
                current = kv;
            }
        }
        return current;
    }
}
