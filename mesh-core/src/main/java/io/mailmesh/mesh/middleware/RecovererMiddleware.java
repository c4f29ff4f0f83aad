package io.mailmesh.mesh.middleware;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.errors.StoreFailures;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.orders.InvalidOrderException;
import io.mailmesh.orders.OrderCodec;

/**
 * Turns every exception into a failure with a reason: an invalid order is rejected with the codec's message, an
 * {@link OrderFailedException} keeps its code, a {@link StoreException} gets its one code ({@link StoreFailures}),
 * anything else (errors included) is a retryable {@code internal_error}
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
            } catch (StoreException e) {
                return Result.failed(StoreFailures.of(e), OrderCodec.peekOrderName(invocation.data()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.failed(new Failure(ErrorCode.INTERRUPTED.code(),
                        "the worker stopped while handling the order", true, 503, e),
                        OrderCodec.peekOrderName(invocation.data()));
            } catch (Throwable e) {
                // an Error too (a stack overflow on a hostile payload, an OutOfMemoryError): the order is still
                // settled, and a durable one that keeps crashing is dead-lettered after MESH_MAX_DELIVERIES
                return Result.failed(new Failure(ErrorCode.INTERNAL_ERROR.code(),
                        "the worker failed to handle the order"
                        + " (correlation id " + invocation.correlationId() + ")", true, 500, e),
                        OrderCodec.peekOrderName(invocation.data()));
            }
        };
    }
}
