package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.orders.Route;
import io.nats.client.Message;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a durable route's orders on a pool of threads the mesh owns, at most {@code concurrency} at once, with a
 * bounded queue in front. The NATS thread that hands an order over blocks only when the queue is full, so a busy
 * worker applies back-pressure instead of queueing without bound; and a handler that hangs holds one pool thread,
 * never the subscription, so the orders behind it are still handled.
 */
final class RouteRunner {
    private static final int QUEUE_PER_THREAD = 64;

    private final RoutePipeline pipeline;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger inFlight = new AtomicInteger();

    RouteRunner(RoutePipeline pipeline, int concurrency) {
        this.pipeline = pipeline;
        AtomicInteger n = new AtomicInteger();
        Route route = pipeline.route();
        // a bounded queue: the NATS thread hands over without waiting for a pool thread to wake, and blocks only
        // when QUEUE_PER_THREAD orders per thread are already waiting
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(concurrency * QUEUE_PER_THREAD),
                r -> {
                    Thread t = new Thread(r, route.subject() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (task, executor) -> {
                    try {
                        if (!executor.isShutdown()) {
                            executor.getQueue().put(task);
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new RejectedExecutionException("stopping");
                });
        this.pool.prestartAllCoreThreads();
    }

    Route route() {
        return pipeline.route();
    }

    /** Hands an order to the pool, blocking while every thread is busy; it is settled there. */
    void accept(Message message, Completion completion, int attempt) {
        inFlight.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    pipeline.handle(message, completion, attempt);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException stopping) {
            inFlight.decrementAndGet();
            RoutePipeline.refuseWhileStopping(message, completion);
        }
    }

    /** Waits up to {@code grace} for the orders in hand, then interrupts what is left, and stops the pool. */
    boolean awaitIdle(Duration grace) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        return inFlight.get() == 0;
    }
}
