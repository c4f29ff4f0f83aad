package io.mailmesh.apiemitter.middleman;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUB and SUB through NATS: a PUB is published on {@code middleman.pub.<target>}; an instance holds one NATS
 * subscription per target some of its connections subscribed to, and writes each message once as a frame, handed
 * to every local subscriber. A client whose ESUB ended (its service left) is unsubscribed at the next message, with
 * an error frame.
 */
@Singleton
final class Publications {
    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);
    private final Connection connection;
    private final Enablements enablements;
    private final MiddlemanMetrics metrics;
    private final Map<String, Set<MiddlemanSession>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Subscription> natsSubscriptions = new HashMap<>();
    private Dispatcher dispatcher;

    @Inject
    Publications(Connection connection, Enablements enablements, MiddlemanMetrics metrics) {
        this.connection = connection;
        this.enablements = enablements;
        this.metrics = metrics;
    }

    void publish(Frame frame) throws FrameException {
        try {
            connection.publish(NatsMessage.builder().subject(Subjects.PUB + frame.target())
                    .headers(Subjects.headers(frame.headers())).data(frame.body().getBytes(StandardCharsets.UTF_8))
                    .build());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new FrameException("unavailable", "the mesh is unreachable; the PUB was not sent: "
                    + e.getMessage(), frame.target(), null);
        }
    }

    synchronized void subscribe(MiddlemanSession session, String target) {
        subscribers.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet()).add(session);
        if (!natsSubscriptions.containsKey(target)) {
            if (dispatcher == null) {
                dispatcher = connection.createDispatcher();
            }
            natsSubscriptions.put(target, dispatcher.subscribe(Subjects.PUB + target, this::onMessage));
            flush();
        }
    }

    synchronized void unsubscribe(MiddlemanSession session, String target) {
        Set<MiddlemanSession> sessions = subscribers.get(target);
        if (sessions == null) {
            return;
        }
        sessions.remove(session);
        if (sessions.isEmpty()) {
            subscribers.remove(target);
            Subscription subscription = natsSubscriptions.remove(target);
            if (subscription != null) {
                dispatcher.unsubscribe(subscription);
            }
        }
    }

    /** Interest reaches the server before the SUB returns, so a PUB sent after it from anywhere is delivered. */
    private void flush() {
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (TimeoutException | InterruptedException | IllegalStateException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("middleman: subscription not confirmed by NATS yet ({}); it is sent on reconnect",
                    e.getMessage());
        }
    }

    private void onMessage(Message message) {
        String target = message.getSubject().substring(Subjects.PUB.length());
        Set<MiddlemanSession> sessions = subscribers.get(target);
        if (sessions == null || sessions.isEmpty()) {
            return;
        }
        Optional<String> body = Utf8.decode(message.getData());
        if (body.isEmpty()) {
            metrics.error("not_utf8");
            LOG.warn("middleman: a message on {} is not UTF-8; it cannot be a text frame and is not delivered",
                    message.getSubject());
            return;
        }
        String frame = FrameCodec.encode(Command.PUB, target, Subjects.frameHeaders(message.getHeaders()),
                body.get());
        for (MiddlemanSession session : sessions) {
            if (!session.isService() && !enablements.allows(Enablements.Kind.SUB, target)) {
                unsubscribe(session, target);
                if (session.subscriptions().remove(target)) {
                    metrics.subscribed(-1);
                }
                session.error(new FrameException("not_enabled", "the service that enabled SUB " + target
                        + " left; the subscription ended", target, null));
                continue;
            }
            session.deliver(frame);
        }
    }
}
