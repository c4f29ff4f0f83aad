package io.mailmesh.mesh.runtime;

import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;

/**
 * Creates the JetStream objects the executables share: the orders and dead-letter streams, one durable consumer
 * per durable route, and every store bucket. Run once per installation (and after an upgrade) with credentials that
 * may create streams ({@code creds/ops.creds}); the executables' own credentials may only use them. Idempotent.
 */
public final class Provisioning {
    private Provisioning() {
    }

    public static void run(Connection connection, StoreSettings store) throws IOException, JetStreamApiException {
        new DurableTopology(connection, store.replicas()).ensure();
        JetStreamMeshStore.provision(connection, store);
    }
}
