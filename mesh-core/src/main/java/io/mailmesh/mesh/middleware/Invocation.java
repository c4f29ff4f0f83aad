package io.mailmesh.mesh.middleware;

import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.orders.Route;
import io.nats.client.impl.Headers;

/**
 * One order arriving on a route, before it is decoded.
 *
 * @param route         the route it arrived on
 * @param data          the raw payload
 * @param headers       its NATS headers (never null)
 * @param correlationId the correlation id from its header, or a fresh one
 * @param attempt       1 the first time, more on a durable redelivery
 * @param emitter       an emitter carrying the correlation id
 * @param completion    answers the order exactly once (reply, ack, nak or dead letter)
 * @param replyTo       the subject a request's reply goes to, or null for a published order
 */
public record Invocation(Route route, byte[] data, Headers headers, String correlationId, int attempt,
                         OrderEmitter emitter, Completion completion, String replyTo) {

    /** An order whose reply subject does not matter (a published one, a test's). */
    public Invocation(Route route, byte[] data, Headers headers, String correlationId, int attempt,
                      OrderEmitter emitter, Completion completion) {
        this(route, data, headers, correlationId, attempt, emitter, completion, null);
    }
}
