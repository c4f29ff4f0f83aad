package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.errors.ErrorCode;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A route's middleware and handlers, run on the calling thread for one order, which it settles. */
final class RoutePipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RoutePipeline.class);

    private final Route route;
    private final Step pipeline;
    private final OrderEmitter emitter;

    RoutePipeline(Route route, Step pipeline, OrderEmitter emitter) {
        this.route = route;
        this.pipeline = pipeline;
        this.emitter = emitter;
    }

    Route route() {
        return route;
    }

    /** Runs the order through the middleware and its handler, then settles it with the result. */
    void handle(Message message, Completion completion, int attempt) {
        Invocation invocation = invocationOf(message, completion, attempt);
        try {
            Result result;
            try {
                result = pipeline.invoke(invocation);
            } catch (Throwable unexpected) {
                // a middleware bug, or an Error thrown past the recoverer: the order is settled all the same
                result = Result.failed(new Failure(ErrorCode.INTERNAL_ERROR.code(),
                        "the worker failed to handle the order", true, 500, unexpected),
                        OrderCodec.peekOrderName(invocation.data()));
            }
            completion.complete(result);
        } catch (Throwable e) {
            // completions write their fallback themselves; what reaches here is a bug, logged, never propagated
            LOG.error("could not settle a {} order", route.subject(), e);
        }
    }

    /** Settles an order the worker took but will not handle because it is stopping. */
    static void refuseWhileStopping(Message message, Completion completion) {
        completion.complete(Result.failed(new Failure(ErrorCode.SHUTTING_DOWN.code(), "the worker is stopping", true,
                503, null),
                OrderCodec.peekOrderName(message.getData() == null ? new byte[0] : message.getData())));
    }

    private Invocation invocationOf(Message message, Completion completion, int attempt) {
        Headers headers = message.getHeaders() == null ? new Headers() : message.getHeaders();
        String correlationId = correlationId(message.getHeaders());
        byte[] data = message.getData() == null ? new byte[0] : message.getData();
        return new Invocation(route, data, headers, correlationId, attempt, emitter.withCorrelationId(correlationId),
                completion, route.isPublishOnly() ? null : message.getReplyTo()); // a stream's is its ack subject
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
        return Ids.forLogs();
    }
}
