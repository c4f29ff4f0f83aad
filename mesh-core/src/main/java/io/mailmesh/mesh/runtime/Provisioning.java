package io.mailmesh.mesh.runtime;

import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.delivery.StreamLimits;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;

/**
 * Creates the JetStream objects the executables share: the orders and dead-letter streams, one durable consumer
 * per durable route (extension route tables on the class path included), and every store bucket. Run once per installation (and after an upgrade) with credentials that
 * may create streams ({@code creds/ops.creds}); the executables' own credentials may only use them. Idempotent;
 * existing streams and buckets are brought to the configured byte limits.
 */
public final class Provisioning {
    private Provisioning() {
    }

    public static void run(Connection connection, StoreSettings store, StreamLimits limits)
            throws IOException, JetStreamApiException {
        new DurableTopology(connection, store.replicas(), limits, io.mailmesh.orders.RouteTables.all()).provision();
        JetStreamMeshStore.provision(connection, store);
    }

    /** With the default stream limits (tests). */
    public static void run(Connection connection, StoreSettings store) throws IOException, JetStreamApiException {
        run(connection, store, StreamLimits.defaults());
    }
}
