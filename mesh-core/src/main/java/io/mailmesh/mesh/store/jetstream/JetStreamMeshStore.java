package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;

/** {@link MeshStore} on NATS JetStream key-value buckets and an object store. */
public final class JetStreamMeshStore {
    private JetStreamMeshStore() {
    }

    /** Creates the buckets if needed (idempotent) and returns the store. */
    public static MeshStore open(Connection connection, StoreSettings settings) {
        throw new UnsupportedOperationException("in progress");
    }
}
