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
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route's orders through its pipeline on the NATS thread that received them. Concurrency comes from the
 * number of subscriptions (each with its own dispatcher thread) sharing the route's queue group, as NATS intends:
 * no hand-off between threads, and a busy worker simply takes fewer orders.
 */
final class RouteRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RouteRunner.class);

    private final Route route;
    private final Step pipeline;
    private final OrderEmitter emitter;
    private final int concurrency;
    private final AtomicInteger inFlight = new AtomicInteger();

    RouteRunner(Route route, Step pipeline, OrderEmitter emitter, int concurrency) {
        this.route = route;
        this.pipeline = pipeline;
        this.emitter = emitter;
        this.concurrency = concurrency;
    }

    Route route() {
        return route;
    }

    /** How many subscriptions share the route's queue group in this process. */
    int concurrency() {
        return concurrency;
    }

    /** Handles one order and settles it; never throws. */
    void handle(Message message, Completion completion, int attempt) {
        inFlight.incrementAndGet();
        String correlationId = correlationId(message.getHeaders());
        Headers headers = message.getHeaders() == null ? new Headers() : message.getHeaders();
        byte[] data = message.getData() == null ? new byte[0] : message.getData();
        Invocation invocation = new Invocation(route, data, headers, correlationId, attempt,
                emitter.withCorrelationId(correlationId), completion);
        try {
            Result result;
            try {
                result = pipeline.invoke(invocation);
            } catch (Exception unexpected) {
                result = Result.failed(new Failure("internal_error", "the worker failed to handle the order", true,
                        500, unexpected), OrderCodec.peekOrderName(data));
            }
            completion.complete(result);
        } catch (RuntimeException e) {
            LOG.error("could not settle a {} order", route.subject(), e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Waits up to {@code grace} for the orders in hand to be settled. */
    boolean awaitIdle(Duration grace) {
        Instant deadline = Instant.now().plus(grace);
        while (inFlight.get() > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
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
