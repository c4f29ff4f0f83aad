package io.mailmesh.mesh.handler;

import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.orders.Route;

/**
 * What a handler knows about the order in hand besides its payload.
 *
 * @param route           the route the order arrived on
 * @param correlationId   the id that follows the order through every order a handler emits for it
 * @param deliveryAttempt 1 the first time, more on a durable redelivery
 * @param emitter         emits further orders carrying this order's correlation id
 * @param replyTo         the subject a request's reply goes to, or null: under least-privilege credentials only
 *                        the executable whose inbox prefix it carries may read it (see {@code MeshGrants})
 */
public record OrderContext(Route route, String correlationId, int deliveryAttempt, OrderEmitter emitter,
                           String replyTo) {

    public OrderContext(Route route, String correlationId, int deliveryAttempt, OrderEmitter emitter) {
        this(route, correlationId, deliveryAttempt, emitter, null);
    }
}
