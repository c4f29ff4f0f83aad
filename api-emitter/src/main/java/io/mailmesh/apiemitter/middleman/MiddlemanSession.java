package io.mailmesh.apiemitter.middleman;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One middleman WebSocket connection: its role once its key is accepted, its subscriptions, and its outbound
 * frames. Frames are handed to Jetty without blocking; the frames handed over and not yet written are counted, and
 * a connection over {@code maxQueued} is closed as a slow consumer (close code 1008 with the reason), so a client
 * that does not read never holds up the others nor the NATS dispatcher.
 */
final class MiddlemanSession {
    private static final Logger LOG = LoggerFactory.getLogger(MiddlemanSession.class);
    static final int POLICY_VIOLATION = 1008;

    private final String id;
    private final Session socket;
    private final int maxQueued;
    private final MiddlemanMetrics metrics;
    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Role role;

    MiddlemanSession(String id, Session socket, int maxQueued, MiddlemanMetrics metrics) {
        this.id = id;
        this.socket = socket;
        this.maxQueued = maxQueued;
        this.metrics = metrics;
    }

    /** The connection's id, unique in the mesh: {@code <instance>-<sequence>}. */
    String id() {
        return id;
    }

    Role role() {
        return role;
    }

    void authenticated(Role newRole) {
        this.role = newRole;
    }

    boolean isService() {
        return role == Role.SERVICE;
    }

    Set<String> subscriptions() {
        return subscriptions;
    }

    /** The ReqIDs of this connection's REQs still waiting for their RES. */
    Set<String> inFlight() {
        return inFlight;
    }

    /** Sends a frame; false (and the connection closing) when it is a slow consumer or already closed. */
    boolean send(String frame) {
        if (closing.get()) {
            return false;
        }
        if (unsent.incrementAndGet() > maxQueued) {
            unsent.decrementAndGet();
            metrics.slowConsumer();
            close(POLICY_VIOLATION, "slow consumer: more than " + maxQueued + " frames unsent");
            return false;
        }
        synchronized (this) {
            socket.sendText(frame, Callback.from(unsent::decrementAndGet, error -> {
                unsent.decrementAndGet();
                LOG.debug("middleman connection {}: a frame was not sent: {}", id, error.getMessage());
            }));
        }
        return true;
    }

    /** Sends a delivered message (PUB, REQ or RES), counted. */
    void deliver(String frame) {
        if (send(frame)) {
            metrics.deliveredOne();
        }
    }

    /** Sends an error frame, counted by code. */
    void error(FrameException refusal) {
        metrics.error(refusal.code());
        send(refusal.toErrorFrame());
    }

    void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            LOG.info("middleman connection {} closed: {}", id, reason);
            socket.close(code, reason, Callback.NOOP);
        }
    }

    /** The peer closed the connection: nothing more is sent. */
    void markClosed() {
        closing.set(true);
    }

    boolean isOpen() {
        return !closing.get() && socket.isOpen();
    }
}
