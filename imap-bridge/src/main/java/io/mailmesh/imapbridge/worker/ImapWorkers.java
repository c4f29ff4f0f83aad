package io.mailmesh.imapbridge.worker;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.imapbridge.imap.ImapConnections;
import io.mailmesh.imapbridge.imap.ImapFailure;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Routes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live workers of this instance: per identity a verified IMAP connection which, when the server supports
 * IDLE, watches INBOX and publishes a {@code sync} on IMAPfetcher as soon as a mail arrives. Worker connections
 * count against {@code IMAP_MAX_CONNECTIONS}. The gauge {@code mesh.imap.workers} is how many run here, so with
 * several instances one sees where the identities' workers are.
 */
@Singleton
public final class ImapWorkers implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ImapWorkers.class);

    private final ImapConnections connections;
    private final OrderEmitter emitter;
    private final Map<String, IdleWatcher> workers = new ConcurrentHashMap<>();

    @Inject
    public ImapWorkers(ImapConnections connections, OrderEmitter emitter, MeterRegistry registry) {
        this.connections = connections;
        this.emitter = emitter;
        Gauge.builder("mesh.imap.workers", workers, Map::size)
                .description("identities whose worker (IDLE connection) runs on this instance").register(registry);
    }

    /**
     * Opens and verifies a connection for {@code identity} and keeps it watching; a no-op if a connected worker
     * already runs.
     *
     * @return true if the server supports IDLE (new mail triggers a sync at once)
     */
    public synchronized boolean add(Identity identity, Credentials credentials)
            throws ImapFailure, ImapConnections.NoRoomException, MessagingException {
        IdleWatcher existing = workers.get(identity.id());
        if (existing != null && existing.isConnected()) {
            return true;
        }
        if (existing != null) {
            workers.remove(identity.id()).close();
        }
        connections.forget(identity.id());
        ImapConnections.Lease lease = connections.borrow(identity, credentials);
        boolean idle;
        try {
            idle = IdleWatcher.supportsIdle(lease);
        } catch (MessagingException e) {
            lease.discard();
            throw e;
        }
        if (!idle) {
            lease.close();
            LOG.info("identity {}: server has no IDLE; connection verified, polling only", identity.id());
            return false;
        }
        IdleWatcher watcher = new IdleWatcher(identity.id(), lease, () -> newMail(identity),
                () -> connections.borrow(identity, credentials));
        workers.put(identity.id(), watcher);
        watcher.start();
        LOG.info("identity {}: worker started (IDLE on INBOX)", identity.id());
        return true;
    }

    /** Reconnects with the identity's current settings. */
    public synchronized boolean reload(Identity identity, Credentials credentials)
            throws ImapFailure, ImapConnections.NoRoomException, MessagingException {
        remove(identity.id());
        return add(identity, credentials);
    }

    /** Closes the worker of {@code identityId}; a no-op if there is none. */
    public synchronized boolean remove(String identityId) {
        connections.forget(identityId);
        IdleWatcher watcher = workers.remove(identityId);
        if (watcher != null) {
            watcher.close();
            LOG.info("identity {}: worker stopped", identityId);
            return true;
        }
        return false;
    }

    /** Whether a worker for the identity runs on this instance. */
    public boolean has(String identityId) {
        return workers.containsKey(identityId);
    }

    /** Whether the identity's worker has INBOX open and listens for new mail. */
    public boolean isWatching(String identityId) {
        IdleWatcher w = workers.get(identityId);
        return w != null && w.isWatching();
    }

    private void newMail(Identity identity) {
        try {
            emitter.publish(Routes.IMAP_FETCHER, RemoteOrder.of(OrderType.SYNC, identity.id(), identity.userId()));
        } catch (RuntimeException e) {
            LOG.warn("identity {}: new mail, but the sync order could not be published: {}", identity.id(),
                    e.getMessage());
        }
    }

    @Override
    public void start() {
        // workers are added by orders
    }

    @Override
    public synchronized void stop() {
        for (String id : new ArrayList<>(workers.keySet())) {
            remove(id);
        }
    }

    List<String> identities() {
        return List.copyOf(workers.keySet());
    }
}
