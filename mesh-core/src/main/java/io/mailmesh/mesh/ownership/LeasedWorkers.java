package io.mailmesh.mesh.ownership;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.replication.Replicas;
import io.nats.client.Connection;
import java.time.Duration;

/**
 * A bridge's per-identity workers run under ownership leases: the bridge says how to start and stop one worker
 * ({@link OwnedWorkers}); this opens the lease bucket when the executable starts, with its instance id and the
 * mesh's replicas, and closes it (giving the leases up) when it stops.
 */
public abstract class LeasedWorkers implements Lifecycle, OwnedWorkers {
    private final Connection connection;
    private final String bucket;
    private final String instance;
    private final Duration lease;
    private final Replicas replicas;
    private volatile WorkerOwnership ownership;

    protected LeasedWorkers(Connection connection, String bucket, MeshConfig config, Duration lease,
            Replicas replicas) {
        this.connection = connection;
        this.bucket = bucket;
        this.instance = config.instanceId();
        this.lease = lease;
        this.replicas = replicas;
    }

    /** The ownership; available once the executable has started. */
    public WorkerOwnership ownership() {
        WorkerOwnership o = ownership;
        if (o == null) {
            throw new IllegalStateException("worker ownership is not started");
        }
        return o;
    }

    @Override
    public void start() throws Exception {
        ownership = new WorkerOwnership(connection, bucket, instance, lease, this, replicas);
    }

    @Override
    public void stop() {
        WorkerOwnership o = ownership;
        if (o != null) {
            o.close();
        }
    }
}
