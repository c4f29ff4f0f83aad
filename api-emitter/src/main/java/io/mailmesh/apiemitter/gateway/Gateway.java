package io.mailmesh.apiemitter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.web.Caller;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.mesh.emit.RequestUnansweredException;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 000's ingress gateway, whatever the protocol: parse, check the topic against the allow-list, validate an
 * order payload with the strict codec, then publish (or keep in the outbox while NATS is down) and append to the
 * audit log. Answers every message with an ack: {@code {"ok": true, "id": …}} or {@code {"ok": false, "error": …}}.
 */
@Singleton
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TopicPolicy policy;
    private final Dispatcher dispatcher;
    private final Outbox outbox;
    private final AuditLog audit;
    private final OrderCodec codec = new OrderCodec();

    /** An ack with the HTTP status it maps to. */
    public record Ack(int status, String json) {
    }

    /** The ack of one message, completed at once unless the caller waits for a worker's reply. */
    public record Outcome(CompletableFuture<Ack> completion) {
        static Outcome now(Ack ack) {
            return new Outcome(CompletableFuture.completedFuture(ack));
        }
    }

    @Inject
    Gateway(ApiSettings settings, Dispatcher dispatcher, Outbox outbox, AuditLog audit) {
        this.policy = new TopicPolicy(settings.allowedTopics());
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.audit = audit;
    }

    /**
     * Accepts one raw message from {@code protocol} (http, ws, redis, nats) sent by {@code caller}: a user's
     * message acts for that user only (see {@link UserScope}).
     *
     * @param waits whether, and how many times at once, the caller can be answered later with a worker's reply
     */
    public Outcome accept(String protocol, byte[] raw, WaitSlots waits, Caller caller) {
        IngressMessage message;
        Optional<Order> order;
        try {
            message = UserScope.apply(IngressParser.parse(raw), caller);
            Optional<String> refusal = policy.refusal(message.topic());
            if (refusal.isPresent()) {
                throw new Rejection(refusal.get());
            }
            order = dispatcher.validate(message.topic(), message.payload());
            if (message.awaitReply()) {
                if (!waits.canWait()) {
                    throw new Rejection("\"wait\" is not available on the " + protocol + " ingress");
                }
                Route route = Routes.bySubject(message.topic()).orElse(null);
                if (route == null || order.isEmpty() || !Dispatcher.isRequest(route, order.get())) {
                    throw new Rejection("\"wait\" is only for orders on a request/reply route");
                }
            }
        } catch (Rejection e) {
            if (protocol.equals("redis") || protocol.equals("nats")) {
                audit.rejected(protocol, new String(raw, StandardCharsets.UTF_8), e.getMessage());
            }
            return Outcome.now(failure(e.status(), e.getMessage()));
        }
        AuditEntry entry = new AuditEntry(Ids.newId(), protocol, Instant.now(), message.topic(),
                message.payload());
        if (message.awaitReply()) {
            if (!waits.tryTake()) {
                return Outcome.now(failure(429, "too many messages on this connection are waiting for a reply "
                        + "(at most " + waits.max() + "); wait for an answer before sending more with \"wait\""));
            }
            CompletableFuture<Ack> answer = requestAndWait(entry, order.get());
            answer.whenComplete((ack, error) -> waits.give());
            return new Outcome(answer);
        }
        try {
            dispatch(entry);
        } catch (OutboxFullException e) {
            return Outcome.now(failure(503, e.getMessage()));
        }
        audit.append(entry);
        return Outcome.now(new Ack(202, ok(entry.id()).toString()));
    }

    private void dispatch(AuditEntry entry) throws OutboxFullException {
        if (outbox.isEmpty() && dispatcher.connected()) {
            try {
                dispatcher.send(entry);
                return;
            } catch (PublishFailedException | IllegalStateException e) {
                LOG.warn("publish of {} on {} failed ({}); keeping it in the outbox", entry.id(), entry.topic(),
                        e.getMessage());
            }
        }
        outbox.add(entry);
    }

    private CompletableFuture<Ack> requestAndWait(AuditEntry entry, Order order) {
        if (!dispatcher.connected()) {
            return CompletableFuture.completedFuture(failure(503, "NATS is unreachable; retry later"));
        }
        audit.append(entry);
        Route route = Routes.bySubject(entry.topic()).orElseThrow();
        return dispatcher.request(route, order).handle((reply, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof RequestUnansweredException unanswered
                        && unanswered.reason() == RequestUnansweredException.Reason.NO_RESPONDERS) {
                    return failure(503, entry.id(), unanswered.getMessage());
                }
                return failure(504, entry.id(), cause.getMessage());
            }
            ObjectNode ack = ok(entry.id());
            try {
                ack.set("reply", JSON.readTree(codec.encode(reply)));
            } catch (IOException e) {
                ack.put("reply", reply.message());
            }
            if (reply.error()) {
                ack.put("ok", false).put("error", reply.message());
                return new Ack(502, ack.toString());
            }
            return new Ack(200, ack.toString());
        });
    }

    private static ObjectNode ok(String id) {
        return JSON.createObjectNode().put("ok", true).put("id", id);
    }

    static Ack failure(int status, String error) {
        return new Ack(status, JSON.createObjectNode().put("ok", false).put("error", error).toString());
    }

    private static Ack failure(int status, String id, String error) {
        return new Ack(status, JSON.createObjectNode().put("ok", false).put("id", id).put("error", error)
                .toString());
    }
}
