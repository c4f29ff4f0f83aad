package io.mailmesh.apiemitter.web;

/** One caller's allowance: refilled continuously, spent one request at a time. Thread-safe. */
final class TokenBucket {
    private final double perNanosecond;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(RateLimits limits, long now) {
        this.perNanosecond = limits.requestsPerSecond() / 1e9;
        this.capacity = limits.burst();
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Spends one token and answers 0, or answers how many whole seconds until one is there (at least 1). */
    synchronized long take(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNanosecond);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNanosecond / 1e9));
    }
}
