package io.mailmesh.mesh.handler;

import java.time.Duration;

/**
 * Per-handler limits. An order whose handler is still running at {@code timeout} is answered (or nak'd) with a
 * retryable {@code timeout} failure, its thread is interrupted and the handler's late result is ignored; at most
 * {@code maxConcurrent} orders within their timeout run in it at once (the route has that many threads for it; an
 * order past its timeout no longer counts, and on a core route its thread is replaced).
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
