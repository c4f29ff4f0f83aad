package io.mailmesh.imapbridge.worker;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.imap.ImapConnections;
import io.mailmesh.imapbridge.imap.ImapFailure;
import io.mailmesh.imapbridge.sync.IdentityHealth;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.ownership.LeasedWorkers;
import io.mailmesh.mesh.ownership.WorkerOwnership;
import io.mailmesh.mesh.replication.Replicas;
import io.mailmesh.mesh.security.StoreAccess;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.nats.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which imap-bridge instance runs each identity's worker: ownership leases in the {@code imap_workers} bucket
 * ({@link WorkerOwnership}). The lease holder starts the worker from the identity as stored; a refused login is
 * recorded on the identity like a failed sync.
 */
@Singleton
public final class ImapWorkerOwnership extends LeasedWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(ImapWorkerOwnership.class);

    private final ImapWorkers workers;
    private final IdentityStore identities;
    private final IdentityHealth health;
    private final OrderEmitter emitter;

    @Inject
    public ImapWorkerOwnership(Connection connection, MeshConfig config, ImapSettings settings, ImapWorkers workers,
            IdentityStore identities, IdentityHealth health, OrderEmitter emitter, Replicas replicas) {
        super(connection, StoreAccess.IMAP_WORKERS, config, settings.workerLease(), replicas);
        this.workers = workers;
        this.identities = identities;
        this.health = health;
        this.emitter = emitter;
    }

    @Override
    public void start(String identityId, String userId, boolean reload) throws Exception {
        Identity identity;
        Credentials credentials;
        try {
            identity = identities.identity(identityId);
            credentials = identities.credentials(identityId);
        } catch (RecordNotFoundException e) {
            LOG.warn("identity {}: wanted as a worker but not in the store (or without credentials); no worker",
                    identityId);
            return;
        }
        if (identity.isLocal() || identity.incoming() == null || identity.status() != IdentityStatus.ACTIVE
                || !identity.userId().equals(userId)) {
            LOG.warn("identity {}: not an active IMAP account of user {}; no worker", identityId, userId);
            workers.remove(identityId);
            return;
        }
        try {
            if (reload) {
                workers.reload(identity, credentials);
            } else {
                workers.add(identity, credentials);
            }
        } catch (ImapFailure f) {
            health.recordFailure(identity, f, emitter);
        } catch (ImapConnections.NoRoomException e) {
            LOG.warn("identity {}: no IMAP connection free for its worker ({})", identityId, e.getMessage());
        }
    }

    @Override
    public void stop(String identityId) {
        workers.remove(identityId);
    }
}
