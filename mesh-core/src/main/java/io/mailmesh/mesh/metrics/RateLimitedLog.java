package io.mailmesh.mesh.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a warning per kind at most once per interval and says how many of that kind were left out since: a slow
 * consumer can report thousands of drops a second, and one line per drop would flood the logs it should show up in.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    RateLimitedLog(Logger log, Duration interval, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /** Logs {@code message} (an SLF4J pattern) unless a line of this {@code kind} was logged within the interval. */
    public void warn(String kind, String message, Object... arguments) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = clock.getAsLong();
        synchronized (window) {
            if (window.loggedAt != Long.MIN_VALUE && now - window.loggedAt < intervalNanos) {
                window.suppressed.incrementAndGet();
                return;
            }
            window.loggedAt = now;
        }
        long suppressed = window.suppressed.getAndSet(0);
        if (suppressed > 0) {
            log.warn(message + " ({} more like this since the last line)", append(arguments, suppressed));
        } else {
            log.warn(message, arguments);
        }
    }

    private static Object[] append(Object[] arguments, Object last) {
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = last;
        return all;
    }

    private static final class Window {
        long loggedAt = Long.MIN_VALUE;
        final AtomicLong suppressed = new AtomicLong();
    }
}
