package io.mailmesh.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the only way the scenarios wait. */
public final class Deadline {
    private Deadline() {
    }

    /** The first present value {@code probe} gives within {@code limit}, else an {@link IllegalStateException}. */
    public static <T> T await(String what, Duration limit, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
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
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
