package io.mailmesh.mesh.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handler deadlines, checked by one sweeper thread every {@value #TICK_MILLIS} ms. Watching an order costs a map
 * insert and removal on the handling thread; no timer is scheduled or cancelled per order.
 */
final class DeadlineWatch implements AutoCloseable {
    static final long TICK_MILLIS = 25;

    private record Watched(long deadlineNanos, Runnable onExpiry) {
    }

    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "handler-deadlines");
        t.setDaemon(true);
        return t;
    });

    DeadlineWatch() {
        sweeper.scheduleWithFixedDelay(this::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code onExpiry} once {@code timeoutMillis} have passed, unless {@link #done} comes first. */
    long watch(long timeoutMillis, Runnable onExpiry) {
        long id = ids.incrementAndGet();
        watched.put(id, new Watched(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), onExpiry));
        return id;
    }

    void done(long id) {
        watched.remove(id);
    }

    private void sweep() {
        long now = System.nanoTime();
        watched.forEach((id, w) -> {
            if (now - w.deadlineNanos() >= 0 && watched.remove(id, w)) {
                try {
                    w.onExpiry().run();
                } catch (RuntimeException ignored) {
                    // settling a timed-out order must not stop the sweeper
                }
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
