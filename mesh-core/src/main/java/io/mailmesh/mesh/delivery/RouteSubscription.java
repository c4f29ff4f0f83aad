package io.mailmesh.mesh.delivery;

import java.time.Duration;

/** How a route's orders reach its handlers: a core queue subscription or a durable JetStream consumer. */
interface RouteSubscription {
    void start() throws Exception;

    /** Stops taking new orders; those already received are handled or given back. */
    void stopTaking(Duration grace);

    /** Waits up to {@code grace} for the orders in hand, then interrupts the handlers still running, and ends. */
    void awaitIdle(Duration grace);
}
