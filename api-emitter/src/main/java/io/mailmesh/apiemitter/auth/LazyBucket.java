package io.mailmesh.apiemitter.auth;

import io.mailmesh.mesh.replication.Replicas;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import java.io.IOException;

/** A key-value bucket opened (and created) on first use, so the API starts while JetStream is still coming up. */
final class LazyBucket {
    private final Connection connection;
    private final String name;
    private final Replicas replicas;
    private volatile KeyValue kv;

    /** The bucket {@code name} with the store's replicas ({@code MESH_REPLICAS}). */
    LazyBucket(Connection connection, String name, StoreSettings store) {
        this.connection = connection;
        this.name = name;
        this.replicas = new Replicas(store.replicas());
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
                        kv = KvBuckets.open(connection, name, replicas);
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
