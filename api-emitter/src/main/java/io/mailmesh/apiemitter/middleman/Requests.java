package io.mailmesh.apiemitter.middleman;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.JetStreamStatusException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REQ and RES through NATS. A service's SUB also makes it serve REQs of that target: one queue subscription
 * ({@code middleman.req.<target>}, group {@code middleman}) per service connection, so NATS hands each request to
 * exactly one service, whichever instance it is connected to. The service sees a ReqID of this instance's making
 * (unique, so two requesters that chose the same ReqID cannot be confused) and only the connection a request was
 * delivered to may answer it, once, within the request timeout. The requester gets the RES with its own ReqID back.
 */
@Singleton
final class Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);
    private final Connection connection;
    private final MiddlemanSettings settings;
    private final MiddlemanMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Map<String, Subscription>> served = new ConcurrentHashMap<>();
    /** Requests delivered to a service and not answered yet: {@code <connection id> <ReqID>} → where to answer. */
    private final Cache<String, Pending> delivered;
    private Dispatcher dispatcher;

    private record Pending(String replyTo, String target) {
    }

    @Inject
    Requests(Connection connection, MiddlemanSettings settings, MiddlemanMetrics metrics) {
        this.connection = connection;
        this.settings = settings;
        this.metrics = metrics;
        this.delivered = Caffeine.newBuilder().expireAfterWrite(settings.requestTimeout()).maximumSize(1_000_000)
                .build();
    }

    /** The service {@code session} serves REQs of {@code target}. */
    synchronized void serve(MiddlemanSession session, String target) {
        if (dispatcher == null) {
            dispatcher = connection.createDispatcher();
        }
        Map<String, Subscription> mine = served.computeIfAbsent(session.id(), id -> new ConcurrentHashMap<>());
        if (!mine.containsKey(target)) {
            mine.put(target, dispatcher.subscribe(Subjects.REQ + target, Subjects.QUEUE,
                    message -> onRequest(session, target, message)));
            try {
                connection.flush(Duration.ofSeconds(2));
            } catch (TimeoutException | InterruptedException | IllegalStateException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.debug("middleman: queue subscription not confirmed by NATS yet ({})", e.getMessage());
            }
        }
    }

    synchronized void stopServing(MiddlemanSession session, String target) {
        Map<String, Subscription> mine = served.get(session.id());
        Subscription subscription = mine == null ? null : mine.remove(target);
        if (subscription != null) {
            dispatcher.unsubscribe(subscription);
        }
    }

    synchronized void stopAll(MiddlemanSession session) {
        Map<String, Subscription> mine = served.remove(session.id());
        if (mine != null) {
            mine.values().forEach(dispatcher::unsubscribe);
        }
        delivered.asMap().keySet().removeIf(key -> key.startsWith(session.id() + " "));
    }

    /** Sends a REQ to one service; its RES (or an error frame) comes back to {@code requester} only. */
    void request(MiddlemanSession requester, Frame frame) throws FrameException {
        String reqId = frame.reqId();
        String target = frame.target();
        if (requester.inFlight().size() >= settings.maxPendingRequests()) {
            throw new FrameException("too_many_pending", "more than " + settings.maxPendingRequests()
                    + " REQs wait for their RES on this connection", target, reqId);
        }
        if (!requester.inFlight().add(reqId)) {
            throw new FrameException("duplicate_reqid", "a REQ with this ReqID is still waiting for its RES",
                    target, reqId);
        }
        Message message = NatsMessage.builder().subject(Subjects.REQ + target)
                .headers(Subjects.headers(frame.headersWithoutReqId()))
                .data(frame.body().getBytes(StandardCharsets.UTF_8)).build();
        try {
            connection.requestWithTimeout(message, settings.requestTimeout())
                    .whenComplete((reply, error) -> answered(requester, target, reqId, reply, error));
        } catch (IllegalStateException | IllegalArgumentException e) {
            requester.inFlight().remove(reqId);
            throw new FrameException("unavailable", "the mesh is unreachable; the REQ was not sent", target, reqId);
        }
    }

    private void answered(MiddlemanSession requester, String target, String reqId, Message reply, Throwable error) {
        requester.inFlight().remove(reqId);
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof JetStreamStatusException status && status.getStatus() != null
                    && status.getStatus().getCode() == 503) {
                requester.error(noService(target, reqId));
            } else if (cause instanceof CancellationException || cause instanceof TimeoutException) {
                requester.error(new FrameException("timeout", "no RES within " + settings.requestTimeout()
                        .toSeconds() + " s", target, reqId));
            } else {
                requester.error(new FrameException("unavailable", "the request failed: " + cause.getMessage(),
                        target, reqId));
            }
            return;
        }
        if (reply.isStatusMessage()) {
            requester.error(reply.getStatus().getCode() == 503 ? noService(target, reqId)
                    : new FrameException("unavailable", "NATS answered status " + reply.getStatus().getCode(),
                    target, reqId));
            return;
        }
        Headers natsHeaders = reply.getHeaders();
        String failure = natsHeaders == null ? null : natsHeaders.getFirst(Subjects.ERROR_HEADER);
        Optional<String> body = Utf8.decode(reply.getData());
        if (failure != null || body.isEmpty()) {
            requester.error(new FrameException(failure != null ? failure : "not_utf8", failure != null
                    ? body.orElse("the service could not take the request") : "the RES body is not UTF-8",
                    target, reqId));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Frame.REQ_ID, reqId);
        headers.putAll(Subjects.frameHeaders(natsHeaders));
        requester.deliver(FrameCodec.encode(Command.RES, target, headers, body.get()));
    }

    private static FrameException noService(String target, String reqId) {
        return new FrameException("no_service", "no service serves " + target, target, reqId);
    }

    /** A request from NATS for a service of this instance. */
    private void onRequest(MiddlemanSession service, String target, Message message) {
        if (message.getReplyTo() == null) {
            metrics.error("no_reply_subject");
            LOG.debug("middleman: a message on {} has no reply subject; a REQ needs one", message.getSubject());
            return;
        }
        Optional<String> body = Utf8.decode(message.getData());
        if (body.isEmpty()) {
            refuse(message, "not_utf8", "the REQ body is not UTF-8");
            return;
        }
        String reqId = "R" + sequence.incrementAndGet();
        delivered.put(service.id() + " " + reqId, new Pending(message.getReplyTo(), target));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Frame.REQ_ID, reqId);
        headers.putAll(Subjects.frameHeaders(message.getHeaders()));
        if (!service.isOpen()) {
            delivered.invalidate(service.id() + " " + reqId);
            refuse(message, "unavailable", "the service left");
            return;
        }
        service.deliver(FrameCodec.encode(Command.REQ, target, headers, body.get()));
    }

    private void refuse(Message request, String code, String reason) {
        Headers headers = new Headers().put(Subjects.ERROR_HEADER, code);
        try {
            connection.publish(NatsMessage.builder().subject(request.getReplyTo()).headers(headers)
                    .data(reason.getBytes(StandardCharsets.UTF_8)).build());
        } catch (IllegalStateException e) {
            LOG.debug("middleman: cannot refuse a request: {}", e.getMessage());
        }
    }

    /** A service's RES: only for a request delivered to this very connection and not answered yet. */
    void respond(MiddlemanSession service, Frame frame) throws FrameException {
        String key = service.id() + " " + frame.reqId();
        Pending pending = delivered.asMap().remove(key);
        if (pending == null) {
            throw new FrameException("unknown_reqid", "no REQ with this ReqID waits for this connection's RES (it "
                    + "was answered, timed out or went to another connection)", frame.target(), frame.reqId());
        }
        if (!pending.target().equals(frame.target())) {
            delivered.put(key, pending);
            throw new FrameException("wrong_target", "this ReqID is a REQ of " + pending.target(), frame.target(),
                    frame.reqId());
        }
        try {
            connection.publish(NatsMessage.builder().subject(pending.replyTo())
                    .headers(Subjects.headers(frame.headersWithoutReqId()))
                    .data(frame.body().getBytes(StandardCharsets.UTF_8)).build());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new FrameException("unavailable", "the mesh is unreachable; the RES was not sent", frame.target(),
                    frame.reqId());
        }
    }
}
