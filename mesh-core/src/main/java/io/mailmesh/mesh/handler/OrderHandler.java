package io.mailmesh.mesh.handler;

import io.mailmesh.orders.Order;
import io.mailmesh.orders.Reply;

/**
 * Handles one kind of order. On a request/reply route the returned reply is sent to the requester; on a pub/sub
 * route it is only logged. Throw {@link OrderFailedException} for a failure with a reason; any other exception is
 * an unexpected, retryable failure whose details stay in the logs.
 *
 * @param <O> the payload record of the order
 */
@FunctionalInterface
public interface OrderHandler<O extends Order> {
    Reply handle(O order, OrderContext context) throws Exception;
}
