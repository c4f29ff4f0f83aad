package io.mailmesh.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the only way the scenarios wait. */
public final class Deadline {
    private Deadline() {
    }

    private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    /**
     * Thrown by a probe when waiting longer cannot help (the process it waits for has exited): {@code await} lets it
     * through at once. Any other exception of a probe counts as "not yet", and the last one is attached to a timeout.
     */
    public static final class GiveUp extends RuntimeException {
        public GiveUp(String why) {
            super(why);
        }
    }

    /** The first present value {@code probe} gives within {@code limit}, else an {@link IllegalStateException}. */
    public static <T> T await(String what, Duration limit, Supplier<Optional<T>> probe) {
        return await(what, limit, probe, line -> { });
    }

    /**
     * As {@link #await(String, Duration, Supplier)}, telling {@code progress} every few seconds what it still waits
     * for and for how long, and how long it took once it holds.
     */
    public static <T> T await(String what, Duration limit, Supplier<Optional<T>> probe,
                              java.util.function.Consumer<String> progress) {
        return await(what, limit, probe, progress, REPORT_EVERY);
    }

    static <T> T await(String what, Duration limit, Supplier<Optional<T>> probe,
                       java.util.function.Consumer<String> progress, Duration reportEvery) {
        long start = System.nanoTime();
        long end = start + limit.toNanos();
        long nextReport = start + reportEvery.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    progress.accept(String.format("   ... %s: there after %d s", what,
                            Duration.ofNanos(System.nanoTime() - start).toSeconds()));
                    return value.get();
                }
            } catch (GiveUp e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > end) {
                IllegalStateException failure = new IllegalStateException("timed out after " + limit + " waiting for "
                        + what);
                if (last != null) {
                    failure.addSuppressed(last);
                }
                throw failure;
            }
            if (System.nanoTime() >= nextReport) {
                nextReport += reportEvery.toNanos();
                progress.accept(String.format("   ... still waiting for %s (%d s of %d s%s)", what,
                        Duration.ofNanos(System.nanoTime() - start).toSeconds(), limit.toSeconds(),
                        last == null ? "" : "; last try: " + last.getMessage()));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
