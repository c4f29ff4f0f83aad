package io.mailmesh.mesh.emit;

import io.mailmesh.orders.Order;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Route;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends orders on the mesh. Every order carries a {@code Nats-Msg-Id} (so a retried publish is de-duplicated by
 * JetStream) and a correlation id. Publishing on a durable route waits for the stream to acknowledge it.
 */
public interface OrderEmitter {

    /** Publishes on a pub/sub route, with a fresh message id. */
    void publish(Route route, Order order);

    /** Publishes with the given message id: a replay or retry with the same id is de-duplicated. */
    void publish(Route route, Order order, String messageId);

    /** Sends a request on a request/reply route and waits up to {@code timeout} for its reply. */
    Reply request(Route route, Order order, Duration timeout) throws RequestUnansweredException;

    /** Like {@link #request} without blocking; the future fails with {@link RequestUnansweredException}. */
    CompletableFuture<Reply> requestAsync(Route route, Order order, Duration timeout);

    /** Like {@link #requestAsync(Route, Order, Duration)} with the given message id, for a replay of a request. */
    CompletableFuture<Reply> requestAsync(Route route, Order order, Duration timeout, String messageId);

    /** An emitter whose orders carry {@code correlationId}. */
    OrderEmitter withCorrelationId(String correlationId);
}
