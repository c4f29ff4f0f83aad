package io.mailmesh.imapbridge.worker;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.imap.ImapConnections;
import io.mailmesh.imapbridge.imap.ImapFailure;
import io.mailmesh.imapbridge.sync.IdentityHealth;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.ownership.OwnedWorkers;
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
public final class ImapWorkerOwnership implements Lifecycle, OwnedWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(ImapWorkerOwnership.class);

    private final Connection connection;
    private final MeshConfig config;
    private final ImapSettings settings;
    private final ImapWorkers workers;
    private final IdentityStore identities;
    private final IdentityHealth health;
    private final OrderEmitter emitter;
    private final Replicas replicas;
    private volatile WorkerOwnership ownership;

    @Inject
    public ImapWorkerOwnership(Connection connection, MeshConfig config, ImapSettings settings, ImapWorkers workers,
            IdentityStore identities, IdentityHealth health, OrderEmitter emitter, Replicas replicas) {
        this.connection = connection;
        this.config = config;
        this.settings = settings;
        this.workers = workers;
        this.identities = identities;
        this.health = health;
        this.emitter = emitter;
        this.replicas = replicas;
    }

    /** The ownership; available once the bridge has started. */
    public WorkerOwnership ownership() {
        WorkerOwnership o = ownership;
        if (o == null) {
            throw new IllegalStateException("worker ownership is not started");
        }
        return o;
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

    @Override
    public void start() throws Exception {
        ownership = new WorkerOwnership(connection, StoreAccess.IMAP_WORKERS, config.instanceId(),
                settings.workerLease(), this, replicas);
    }

    @Override
    public void stop() {
        WorkerOwnership o = ownership;
        if (o != null) {
            o.close();
        }
    }
}
