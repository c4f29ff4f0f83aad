package io.mailmesh.mesh.handler;

import java.time.Duration;

/**
 * Per-handler limits. An order whose handler is still running at {@code timeout} is answered (or nak'd) with a
 * retryable {@code timeout} failure and the handler's late result is ignored; at most {@code maxConcurrent} orders
 * run in it at once (the route's pool has that many threads for it).
 */
public record HandlerOptions(Duration timeout, int maxConcurrent) {
    public static final HandlerOptions DEFAULTS = new HandlerOptions(Duration.ofSeconds(30), 8);

    public HandlerOptions {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
    }

    public HandlerOptions withTimeout(Duration newTimeout) {
        return new HandlerOptions(newTimeout, maxConcurrent);
    }

    public HandlerOptions withMaxConcurrent(int newMax) {
        return new HandlerOptions(timeout, newMax);
    }
}
