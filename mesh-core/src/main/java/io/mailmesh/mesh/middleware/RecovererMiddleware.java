package io.mailmesh.mesh.middleware;

import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.orders.InvalidOrderException;
import io.mailmesh.orders.OrderCodec;

/**
 * Turns every exception into a failure with a reason: an invalid order is rejected with the codec's message, an
 * {@link OrderFailedException} keeps its code, anything else (errors included) is a retryable {@code internal_error}
 * whose details stay in the logs (exception texts may hold secrets).
 */
public final class RecovererMiddleware implements Middleware {

    @Override
    public Step wrap(Step next) {
        return invocation -> {
            try {
                return next.invoke(invocation);
            } catch (InvalidOrderException e) {
                return Result.failed(new Failure(e.problem().code(), e.getMessage(), false, 400, null),
                        OrderCodec.peekOrderName(invocation.data()));
            } catch (OrderFailedException e) {
                return Result.failed(new Failure(e.code(), e.getMessage(), e.retryable(), e.status(), e.getCause()),
                        OrderCodec.peekOrderName(invocation.data()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.failed(new Failure("interrupted", "the worker stopped while handling the order", true,
                        503, e), OrderCodec.peekOrderName(invocation.data()));
            } catch (Throwable e) {
                // an Error too (a stack overflow on a hostile payload, an OutOfMemoryError): the order is still
                // settled, and a durable one that keeps crashing is dead-lettered after MESH_MAX_DELIVERIES
                return Result.failed(new Failure("internal_error", "the worker failed to handle the order"
                        + " (correlation id " + invocation.correlationId() + ")", true, 500, e),
                        OrderCodec.peekOrderName(invocation.data()));
            }
        };
    }
}
