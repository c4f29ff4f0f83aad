package io.mailmesh.apiemitter.gateway;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.RequestUnansweredException;
import io.mailmesh.orders.InvalidOrderException;
import io.mailmesh.orders.Mode;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an accepted message on NATS. An order topic goes through the mesh emitter: a publish (JetStream on durable
 * routes, with the message's id as {@code Nats-Msg-Id}) or, on a request/reply route, a request whose reply is
 * logged (or returned to a waiting caller). Any other allowed topic is published as it is.
 */
@Singleton
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final OrderEmitter emitter;
    private final OrderCodec codec;
    private final NatsIngress nats;
    private final ApiSettings settings;

    private final AuditLog audit;

    @Inject
    Dispatcher(OrderEmitter emitter, OrderCodec codec, NatsIngress nats, ApiSettings settings, AuditLog audit) {
        this.emitter = emitter;
        this.codec = codec;
        this.nats = nats;
        this.settings = settings;
        this.audit = audit;
    }

    /** Whether NATS is connected now. */
    public boolean connected() {
        return nats.connected();
    }

    /** Validates the payload of an order topic with the strict codec; non-order topics pass as they are. */
    public Optional<Order> validate(String topic, byte[] payload) throws Rejection {
        Optional<Route> route = Routes.bySubject(topic);
        if (route.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(route.get(), payload));
        } catch (InvalidOrderException e) {
            throw new Rejection("invalid order: " + e.getMessage());
        }
    }

    /** True when an order on this topic is a request answered by a worker. */
    public static boolean isRequest(Route route, Order order) {
        return route.mode() == Mode.REQUEST_REPLY
                || (route.mode() == Mode.REQUEST_REPLY_AND_PUB_SUB && order.type() == OrderType.DELIVER);
    }

    /**
     * Sends without waiting for a reply. A request nobody answered (no responders, timeout) is reported to the audit
     * log and the rejected list, since no caller waits to hear it; a worker's error reply is only logged.
     *
     * @throws io.mailmesh.mesh.emit.PublishFailedException or another runtime exception when NATS refused it
     */
    public void send(AuditEntry entry) {
        deliver(entry).whenComplete((reply, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                LOG.warn("request {} on {} unanswered: {}", entry.id(), entry.topic(), cause.getMessage());
                audit.unanswered(entry, outcomeOf(cause), String.valueOf(cause.getMessage()));
            } else if (reply != null && reply.error()) {
                LOG.warn("request {} on {} failed: {} {}", entry.id(), entry.topic(), reply.code(), reply.message());
            }
        });
    }

    /**
     * Sends {@code entry}: a publish (with the entry's id as {@code Nats-Msg-Id}, waiting for the PubAck on a
     * durable route) completes at once with a null reply; a request completes with the worker's reply, or fails
     * with {@link io.mailmesh.mesh.emit.RequestUnansweredException}. Publishes and requests alike carry the entry's id
     * as their message id and correlation id.
     *
     * @throws io.mailmesh.mesh.emit.PublishFailedException or another runtime exception when NATS refused a publish
     */
    public CompletableFuture<Reply> deliver(AuditEntry entry) {
        Optional<Route> route = Routes.bySubject(entry.topic());
        if (route.isEmpty()) {
            nats.publishRaw(entry.topic(), entry.id(), entry.payload());
            return CompletableFuture.completedFuture(null);
        }
        Order order = decodeAccepted(route.get(), entry);
        if (isRequest(route.get(), order)) {
            return emitter.withCorrelationId(entry.id()).requestAsync(route.get(), order, settings.sendTimeout(),
                    entry.id());
        }
        emitter.withCorrelationId(entry.id()).publish(route.get(), order, entry.id());
        return CompletableFuture.completedFuture(null);
    }

    private static String outcomeOf(Throwable cause) {
        return cause instanceof RequestUnansweredException unanswered
                ? unanswered.reason().name().toLowerCase(java.util.Locale.ROOT) : "failed";
    }

    /** Requests on a request/reply route and returns the worker's reply. */
    public CompletableFuture<Reply> request(Route route, Order order) {
        return emitter.requestAsync(route, order, settings.sendTimeout());
    }

    private Order decodeAccepted(Route route, AuditEntry entry) {
        try {
            return codec.decode(route, entry.payload());
        } catch (InvalidOrderException e) {
            throw new IllegalArgumentException("an accepted message no longer decodes: " + e.getMessage(), e);
        }
    }
}
