package io.mailmesh.apiemitter.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The before-handler that holds each caller to {@link RateLimits}: a caller is its bearer token (the header, or
 * {@code ?token=} on {@code /MESSAGES}), else its client IP. Over the limit: 429 with {@code Retry-After}.
 *
 * <p>Buckets live in memory, per api-emitter instance. A caller idle long enough to refill its bucket is
 * forgotten, and the number of callers remembered is capped, so a flood of made-up tokens cannot grow the heap
 * without bound (a forgotten caller starts again with a full bucket).
 */
@Singleton
public final class RateLimiter {
    private static final long MAX_CALLERS = 100_000;

    private final RateLimits limits;
    private final Cache<String, TokenBucket> buckets;

    @Inject
    public RateLimiter(RateLimits limits) {
        this.limits = limits;
        long refillSeconds = limits.enabled() ? (long) Math.ceil(limits.burst() / limits.requestsPerSecond()) : 0;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_CALLERS)
                .expireAfterAccess(Duration.ofSeconds(Math.max(60, refillSeconds))).build();
    }

    /** Javalin before-handler. */
    public void check(Context ctx) {
        String token = Authenticator.bearerOrNull(ctx.header("Authorization"));
        if (token == null && !ctx.path().startsWith("/api/")) { // the gateway's browsers' ?token=
            token = ctx.queryParam("token");
        }
        long retryAfter = take(token, ctx.ip());
        if (retryAfter > 0) {
            throw new RateLimitedException(retryAfter);
        }
    }

    /**
     * Takes one request of the caller's allowance: the caller is {@code token}, or {@code ip} without one. A frame
     * on the gateway's WebSocket takes from the same bucket as its token's HTTP requests.
     *
     * @return 0 when allowed, else the seconds until the caller may send again
     */
    public long take(String token, String ip) {
        if (!limits.enabled()) {
            return 0;
        }
        long now = System.nanoTime();
        return buckets.get(caller(token, ip), key -> new TokenBucket(limits, now)).take(now);
    }

    private static String caller(String token, String ip) {
        // a digest, so the heap holds no usable token
        return token == null || token.isBlank() ? "ip:" + ip : "token:" + sha256(token);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A caller over its limit; {@code retryAfterSeconds} until it may send again. */
    public static final class RateLimitedException extends RuntimeException {
        private final long retryAfterSeconds;

        RateLimitedException(long retryAfterSeconds) {
            super("too many requests: retry after " + retryAfterSeconds + " s", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
