package io.mailmesh.imapbridge.imap;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMAP connections of this instance, at most {@link ImapSettings#maxConnections()} at once. A connection
 * given back is kept for its identity and reused by the next borrower with the same settings; one unused for
 * {@link ImapSettings#idleTimeout()} is closed, and when the limit is reached the longest-unused one is closed to
 * make room.
 */
@Singleton
public final class ImapConnections implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ImapConnections.class);
    private static final Duration WAIT_FOR_ROOM = Duration.ofSeconds(5);

    private final ImapConnector connector;
    private final ImapSettings settings;
    private final Semaphore permits;
    private final Map<String, Parked> parked = new HashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "imap-idle-sweeper");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public ImapConnections(ImapConnector connector, ImapSettings settings) {
        this.connector = connector;
        this.settings = settings;
        this.permits = new Semaphore(settings.maxConnections());
    }

    private record Parked(Store store, int fingerprint, Instant since) {
    }

    /** A borrowed connection: {@link #close()} gives it back, {@link #discard()} closes it. */
    public final class Lease implements AutoCloseable {
        private final String identityId;
        private final Store store;
        private final int fingerprint;
        private boolean done;

        private Lease(String identityId, Store store, int fingerprint) {
            this.identityId = identityId;
            this.store = store;
            this.fingerprint = fingerprint;
        }

        public Store store() {
            return store;
        }

        /** Closes the connection instead of keeping it (after an error, or for a worker's own connection). */
        public void discard() {
            if (!done) {
                done = true;
                quietlyClose(store);
                permits.release();
            }
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (!store.isConnected()) {
                quietlyClose(store);
                permits.release();
                return;
            }
            Parked previous;
            synchronized (parked) {
                previous = parked.put(identityId, new Parked(store, fingerprint, Instant.now()));
            }
            if (previous != null) {
                quietlyClose(previous.store());
                permits.release();
            }
        }
    }

    /**
     * A connection for {@code identity}: a kept one if its settings and credentials did not change, else a new one.
     *
     * @throws ImapFailure         if the server refuses or cannot be reached
     * @throws NoRoomException     if every connection of this instance is busy
     */
    public Lease borrow(Identity identity, Credentials credentials) throws ImapFailure, NoRoomException {
        int fingerprint = fingerprint(identity, credentials);
        Parked reusable;
        synchronized (parked) {
            reusable = parked.remove(identity.id());
        }
        if (reusable != null) {
            if (reusable.fingerprint() == fingerprint && reusable.store().isConnected()) {
                return new Lease(identity.id(), reusable.store(), fingerprint);
            }
            quietlyClose(reusable.store());
            permits.release();
        }
        acquirePermit();
        try {
            return new Lease(identity.id(), connector.open(identity, credentials), fingerprint);
        } catch (ImapFailure | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Closes the kept connection of an identity, if any (its settings changed or it was removed). */
    public void forget(String identityId) {
        Parked p;
        synchronized (parked) {
            p = parked.remove(identityId);
        }
        if (p != null) {
            quietlyClose(p.store());
            permits.release();
        }
    }

    /** Connections open now (in use or kept). */
    public int openConnections() {
        return settings.maxConnections() - permits.availablePermits();
    }

    private void acquirePermit() throws NoRoomException {
        if (permits.tryAcquire()) {
            return;
        }
        evictOldest();
        try {
            if (!permits.tryAcquire(WAIT_FOR_ROOM.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new NoRoomException("all " + settings.maxConnections()
                        + " IMAP connections of this instance are busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoRoomException("interrupted while waiting for an IMAP connection");
        }
    }

    private void evictOldest() {
        Parked oldest = null;
        synchronized (parked) {
            var entry = parked.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, Parked> e) -> e.getValue().since()));
            if (entry.isPresent()) {
                oldest = parked.remove(entry.get().getKey());
            }
        }
        if (oldest != null) {
            quietlyClose(oldest.store());
            permits.release();
        }
    }

    void sweep() {
        Instant limit = Instant.now().minus(settings.idleTimeout());
        List<Parked> expired = new ArrayList<>();
        synchronized (parked) {
            parked.entrySet().removeIf(e -> {
                if (e.getValue().since().isBefore(limit)) {
                    expired.add(e.getValue());
                    return true;
                }
                return false;
            });
        }
        for (Parked p : expired) {
            quietlyClose(p.store());
            permits.release();
        }
        if (!expired.isEmpty()) {
            LOG.debug("closed {} idle IMAP connections", expired.size());
        }
    }

    @Override
    public void start() {
        long period = Math.max(1_000, Math.min(settings.idleTimeout().toMillis() / 2, 30_000));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public StopOrder stopOrder() {
        return StopOrder.AFTER_HANDLERS; // the sync and deliver handlers use these connections until they finish
    }

    @Override
    public void stop() {
        sweeper.shutdownNow();
        List<Parked> all;
        synchronized (parked) {
            all = new ArrayList<>(parked.values());
            parked.clear();
        }
        for (Parked p : all) {
            quietlyClose(p.store());
            permits.release();
        }
    }

    private static int fingerprint(Identity identity, Credentials credentials) {
        return Objects.hash(identity.incoming(), identity.address(), credentials.password(),
                credentials.oauth2Token());
    }

    static void quietlyClose(Store store) {
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing an IMAP connection: {}", e.toString());
        }
    }

    /** Every connection of this instance is in use. */
    public static final class NoRoomException extends Exception {
        public NoRoomException(String message) {
            super(message);
        }
    }
}
