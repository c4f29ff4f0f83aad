package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.config.Ids;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.mesh.middleware.Invocation;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.mesh.middleware.Step;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Route;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route's orders on a pool of threads the mesh owns, at most {@code concurrency} at once, with a bounded
 * queue in front. The NATS thread that hands an order over blocks only when the queue is full, so a busy worker
 * applies back-pressure instead of queueing without bound; and a handler that hangs holds one pool thread, never the
 * subscription, so the orders behind it are still answered.
 */
final class RouteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RouteRunner.class);

    private final Route route;
    private final Step pipeline;
    private final OrderEmitter emitter;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private static final int QUEUE_PER_THREAD = 64;

    RouteRunner(Route route, Step pipeline, OrderEmitter emitter, int concurrency) {
        this.route = route;
        this.pipeline = pipeline;
        this.emitter = emitter;
        AtomicInteger n = new AtomicInteger();
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
                    throw new java.util.concurrent.RejectedExecutionException("stopping");
                });
        this.pool.prestartAllCoreThreads();
    }

    Route route() {
        return route;
    }

    /** Hands an order to the pool, blocking while every thread is busy; it is settled there. */
    void accept(Message message, Completion completion, int attempt) {
        String correlationId = correlationId(message.getHeaders());
        Headers headers = message.getHeaders() == null ? new Headers() : message.getHeaders();
        byte[] data = message.getData() == null ? new byte[0] : message.getData();
        Invocation invocation = new Invocation(route, data, headers, correlationId, attempt,
                emitter.withCorrelationId(correlationId), completion);
        inFlight.incrementAndGet();
        try {
            pool.execute(() -> run(invocation));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            inFlight.decrementAndGet();
            completion.complete(Result.failed(new Failure("shutting_down", "the worker is stopping", true, 503,
                    null), OrderCodec.peekOrderName(data)));
        }
    }

    private void run(Invocation invocation) {
        try {
            Result result;
            try {
                result = pipeline.invoke(invocation);
            } catch (Exception unexpected) {
                result = Result.failed(new Failure("internal_error", "the worker failed to handle the order", true,
                        500, unexpected), OrderCodec.peekOrderName(invocation.data()));
            }
            invocation.completion().complete(result);
        } catch (RuntimeException e) {
            LOG.error("could not settle a {} order", route.subject(), e);
        } finally {
            inFlight.decrementAndGet();
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

    private static String correlationId(Headers headers) {
        if (headers != null) {
            String id = headers.getFirst(MeshHeaders.CORRELATION_ID);
            if (id == null) {
                id = headers.getFirst(MeshHeaders.MSG_ID);
            }
            if (id != null && !id.isBlank()) {
                return id;
            }
        }
        return Ids.random();
    }
}
