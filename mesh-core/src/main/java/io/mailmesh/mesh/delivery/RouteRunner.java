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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route's orders on its own bounded pool. The NATS thread that hands an order over blocks while the pool is
 * full, so a busy worker applies back-pressure instead of queueing without bound.
 */
final class RouteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RouteRunner.class);

    private final Route route;
    private final Step pipeline;
    private final OrderEmitter emitter;
    private final ExecutorService pool;
    private final Semaphore slots;
    private volatile boolean stopping;

    RouteRunner(Route route, Step pipeline, OrderEmitter emitter, int concurrency) {
        this.route = route;
        this.pipeline = pipeline;
        this.emitter = emitter;
        this.slots = new Semaphore(concurrency);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, route.subject() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    Route route() {
        return route;
    }

    boolean isStopping() {
        return stopping;
    }

    /** Hands an order to the pool; blocks while every slot is busy. */
    void accept(Message message, Completion completion, int attempt) {
        slots.acquireUninterruptibly();
        String correlationId = correlationId(message.getHeaders());
        Headers headers = message.getHeaders() == null ? new Headers() : message.getHeaders();
        Invocation invocation = new Invocation(route, message.getData() == null ? new byte[0] : message.getData(),
                headers, correlationId, attempt, emitter.withCorrelationId(correlationId), completion);
        try {
            pool.execute(() -> run(invocation));
        } catch (RuntimeException rejected) {
            slots.release();
            completion.complete(Result.failed(new Failure("shutting_down", "the worker is stopping", true, 503,
                    null), OrderCodec.peekOrderName(invocation.data())));
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
            slots.release();
        }
    }

    /** Stops accepting, waits up to {@code grace} for orders in hand, then interrupts what is left. */
    void stop(Duration grace) {
        stopping = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
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
