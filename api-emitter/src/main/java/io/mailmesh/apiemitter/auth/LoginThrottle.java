package io.mailmesh.apiemitter.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing: failed logins are counted per e-mail and per client IP (in memory, Caffeine,
 * forgotten 30 minutes after the last failure). After {@value #FREE_PER_EMAIL} failures for an e-mail or
 * {@value #FREE_PER_IP} from an IP, logins for it are refused with 429 for 30 seconds, doubling with each further
 * failure up to 15 minutes. A successful login clears the e-mail's counter.
 */
@Singleton
public final class LoginThrottle {
    static final int FREE_PER_EMAIL = 5;
    static final int FREE_PER_IP = 20;
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Cache<String, Failures> failures = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterWrite(Duration.ofMinutes(30)).build();

    LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the caller must wait before trying {@code email} from {@code ip} again, if at all. */
    public Optional<Duration> retryAfter(String email, String ip) {
        Duration wait = max(waitOf("e:" + email, FREE_PER_EMAIL), waitOf("i:" + ip, FREE_PER_IP));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String email, String ip) {
        Instant now = clock.instant();
        failures.asMap().merge("e:" + email, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
        failures.asMap().merge("i:" + ip, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
    }

    public void succeeded(String email) {
        failures.invalidate("e:" + email);
    }

    private Duration waitOf(String key, int free) {
        Failures f = failures.getIfPresent(key);
        if (f == null || f.count() < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(f.count() - free, 10);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        delay = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        Duration left = Duration.between(clock.instant(), f.last().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
