package io.mailmesh.apiemitter.gateway;

import java.util.concurrent.Semaphore;

/**
 * How many messages of one ingress connection may wait for a worker's reply at once ({@code "wait": true}). A
 * WebSocket connection gets its own bounded slots ({@code GATEWAY_WS_MAX_WAITING}), so one client cannot hold an
 * unbounded number of pending requests and their memory; an HTTP request waits for one reply at most; the Redis list
 * cannot wait.
 */
public final class WaitSlots {
    /** The ingress cannot answer later: a message that asks to wait is refused. */
    public static final WaitSlots NONE = new WaitSlots(0, null);
    /** One request, one reply: the HTTP ingress, where each request is its own wait. */
    public static final WaitSlots ONE_PER_REQUEST = new WaitSlots(Integer.MAX_VALUE, null);

    private final int max;
    private final Semaphore permits;

    private WaitSlots(int max, Semaphore permits) {
        this.max = max;
        this.permits = permits;
    }

    /** {@code max} slots for one connection. */
    public static WaitSlots perConnection(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("a connection needs at least one wait slot");
        }
        return new WaitSlots(max, new Semaphore(max));
    }

    boolean canWait() {
        return max > 0;
    }

    /** Takes a slot, or returns false when all are in use. */
    boolean tryTake() {
        return permits == null || permits.tryAcquire();
    }

    /** Gives a slot back once its reply (or failure) was sent. */
    void give() {
        if (permits != null) {
            permits.release();
        }
    }

    int max() {
        return max;
    }
}
