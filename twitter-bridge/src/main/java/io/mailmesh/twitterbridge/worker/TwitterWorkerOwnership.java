package io.mailmesh.twitterbridge.worker;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.ownership.LeasedWorkers;
import io.mailmesh.mesh.ownership.WorkerOwnership;
import io.mailmesh.mesh.replication.Replicas;
import io.mailmesh.mesh.security.StoreAccess;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.twitterbridge.TwitterSettings;
import io.mailmesh.twitterbridge.account.AccountRegistry;
import io.mailmesh.twitterbridge.account.TwitterIdentities;
import io.nats.client.Connection;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Which twitter-bridge instance runs each identity's account handler: ownership leases in the
 * {@code twitter_workers} bucket ({@link WorkerOwnership}). The owner keeps the handler (client and rate-limit
 * state); another instance that built one on demand for a sync drops it when the identity is reloaded or removed.
 */
@Singleton
public final class TwitterWorkerOwnership extends LeasedWorkers {
    private final TwitterIdentities identities;
    private final AccountRegistry registry;

    @Inject
    public TwitterWorkerOwnership(Connection connection, MeshConfig config, TwitterSettings settings,
            TwitterIdentities identities, AccountRegistry registry, Replicas replicas) {
        super(connection, StoreAccess.TWITTER_WORKERS, config, settings.workerLease(), replicas);
        this.identities = identities;
        this.registry = registry;
    }

    @Override
    public void start(String identityId, String userId, boolean reload) throws Exception {
        Identity identity = identities.loadActive(identityId, userId);
        if (reload) {
            registry.reload(identity);
        } else {
            registry.obtain(identity);
        }
    }

    @Override
    public void stop(String identityId) {
        registry.remove(identityId);
    }

    @Override
    public void forget(String identityId) {
        registry.remove(identityId);
    }
}
