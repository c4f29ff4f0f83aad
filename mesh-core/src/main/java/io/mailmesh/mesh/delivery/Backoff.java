package io.mailmesh.mesh.delivery;

import java.time.Duration;

/** Exponential back-off: {@code base × 2^(attempt-1)}, capped at {@code max}. */
public record Backoff(Duration base, Duration max) {

    public Duration delayAfter(long attempt) {
        long shift = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = base.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
