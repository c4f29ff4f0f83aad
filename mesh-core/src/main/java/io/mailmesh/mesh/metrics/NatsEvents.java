package io.mailmesh.mesh.metrics;

import io.mailmesh.mesh.tls.NatsTlsFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.support.Status;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every problem jnats reports to its {@link ErrorListener}, counted ({@code mesh.nats.events{event}}) and logged at
 * most once per event a few seconds apart. jnats reports a slow consumer when it starts dropping, not per message
 * dropped: the log line says how many are pending then. Without it jnats drops them silently, among them the
 * slow-consumer drops core-mode routes rely on being visible.
 */
public final class NatsEvents implements ErrorListener {
    /** The event tag's values, one per listener callback. */
    public enum Event {
        ERROR, EXCEPTION, SLOW_CONSUMER, MESSAGE_DISCARDED, HEARTBEAT_ALARM, UNHANDLED_STATUS, PULL_STATUS_WARNING,
        PULL_STATUS_ERROR, SOCKET_WRITE_TIMEOUT;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String METER = "mesh.nats.events";
    private static final Logger LOG = LoggerFactory.getLogger(NatsEvents.class);

    private final Map<Event, Counter> counters = new EnumMap<>(Event.class);
    private final RateLimitedLog log;

    public NatsEvents(MeterRegistry registry) {
        this(registry, new RateLimitedLog(LOG, Duration.ofSeconds(10)));
    }

    NatsEvents(MeterRegistry registry, RateLimitedLog log) {
        this.log = log;
        for (Event event : Event.values()) { // registered up front: a dashboard sees 0, not "no data"
            counters.put(event, Counter.builder(METER).description("problems the NATS client reported")
                    .tag("event", event.tag()).register(registry));
        }
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        report(Event.ERROR, "NATS error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        report(Event.EXCEPTION, "NATS connection problem: {}", NatsTlsFailures.explain(exp));
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        report(Event.SLOW_CONSUMER, "NATS slow consumer on {}: messages are being dropped ({} pending)",
                subject(consumer), consumer.getPendingMessageCount());
    }

    @Override
    public void messageDiscarded(Connection conn, Message msg) {
        report(Event.MESSAGE_DISCARDED, "NATS discarded a message on {}", msg == null ? "?" : msg.getSubject());
    }

    @Override
    public void heartbeatAlarm(Connection conn, JetStreamSubscription sub, long lastStreamSequence,
                               long lastConsumerSequence) {
        report(Event.HEARTBEAT_ALARM, "JetStream heartbeats missed on {} (last stream sequence {})", subject(sub),
                lastStreamSequence);
    }

    @Override
    public void unhandledStatus(Connection conn, JetStreamSubscription sub, Status status) {
        report(Event.UNHANDLED_STATUS, "JetStream status on {} not handled: {}", subject(sub), describe(status));
    }

    @Override
    public void pullStatusWarning(Connection conn, JetStreamSubscription sub, Status status) {
        report(Event.PULL_STATUS_WARNING, "JetStream pull warning on {}: {}", subject(sub), describe(status));
    }

    @Override
    public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
        report(Event.PULL_STATUS_ERROR, "JetStream pull error on {}: {}", subject(sub), describe(status));
    }

    @Override
    public void socketWriteTimeout(Connection conn) {
        report(Event.SOCKET_WRITE_TIMEOUT, "NATS socket write timed out; the connection will be re-established");
    }

    private void report(Event event, String message, Object... arguments) {
        counters.get(event).increment();
        log.warn(event.tag(), message, arguments);
    }

    private static String subject(Consumer consumer) {
        return consumer instanceof Subscription sub ? sub.getSubject() : "a dispatcher";
    }

    private static String describe(Status status) {
        return status == null ? "?" : status.getCode() + " " + status.getMessage();
    }
}
