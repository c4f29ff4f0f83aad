package io.mailmesh.apiemitter.fanout;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fanout server's figures, in one place for {@code /metrics} ({@code fanout_*}), the {@code info} command and
 * {@code $SRV.STATS}.
 */
@Singleton
public final class FanoutStats {
    final Instant started = Instant.now();
    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger peakConnections = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger channels = new AtomicInteger();
    private final LongAdder totalConnections = new LongAdder();
    private final LongAdder busyRefusals = new LongAdder();
    private final LongAdder lines = new LongAdder();
    private final LongAdder refusedLines = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private final LongAdder subscribes = new LongAdder();
    private final LongAdder unsubscribes = new LongAdder();
    private final Counter announced;
    private final Counter received;
    private final Counter delivered;
    private final Counter slowDisconnects;

    @Inject
    public FanoutStats(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("fanout.connections", connections, AtomicInteger::get)
                .description("fanout clients connected to this instance").register(registry);
        Gauge.builder("fanout.subscriptions", subscriptions, AtomicInteger::get)
                .description("channel subscriptions of this instance's clients, all included").register(registry);
        Gauge.builder("fanout.channels", channels, AtomicInteger::get)
                .description("channels with a subscriber on this instance").register(registry);
        announced = messages("announced", "announces of this instance's clients published on NATS");
        received = messages("received", "channel messages received from NATS for local subscribers");
        delivered = messages("delivered", "channel lines queued to local subscribers");
        slowDisconnects = Counter.builder("fanout.slow.disconnects")
                .description("clients disconnected because their queue passed FANOUT_MAX_QUEUED_BYTES")
                .register(registry);
    }

    private Counter messages(String direction, String description) {
        return Counter.builder("fanout.messages").tag("direction", direction).description(description)
                .register(registry);
    }

    /** Counts a new client unless {@code max} are connected already. */
    boolean tryConnect(int max) {
        int now;
        do {
            now = connections.get();
            if (now >= max) {
                return false;
            }
        } while (!connections.compareAndSet(now, now + 1));
        peakConnections.accumulateAndGet(now + 1, Math::max);
        totalConnections.increment();
        registry.counter("fanout.connections.accepted").increment();
        return true;
    }

    void disconnected() {
        connections.decrementAndGet();
    }

    /** A connection refused before it was served: {@code busy} (client limit) or {@code auth}. */
    void connectionRefused(String reason) {
        if (reason.equals("busy")) {
            busyRefusals.increment();
        }
        registry.counter("fanout.connections.refused", "reason", reason).increment();
    }

    void line() {
        lines.increment();
    }

    /** A client line answered with a {@code debug!error}. */
    void lineRefused(String reason) {
        refusedLines.increment();
        registry.counter("fanout.lines.refused", "reason", reason).increment();
    }

    /** A message from NATS that could not be delivered as a line (not UTF-8, control characters, too long). */
    void messageRejected(String reason) {
        registry.counter("fanout.messages.rejected", "reason", reason).increment();
    }

    void ping() {
        pings.increment();
    }

    void subscribed() {
        subscribes.increment();
    }

    void unsubscribed() {
        unsubscribes.increment();
    }

    void subscriptionsChanged(int delta) {
        subscriptions.addAndGet(delta);
    }

    void channelsChanged(int delta) {
        channels.addAndGet(delta);
    }

    void announced() {
        announced.increment();
    }

    void received() {
        received.increment();
    }

    void delivered(int lines) {
        delivered.increment(lines);
    }

    void slowDisconnect() {
        slowDisconnects.increment();
    }

    public int connections() {
        return connections.get();
    }

    public int peakConnections() {
        return peakConnections.get();
    }

    public int subscriptions() {
        return subscriptions.get();
    }

    public int channels() {
        return channels.get();
    }

    public long totalConnections() {
        return totalConnections.sum();
    }

    public long busyRefusals() {
        return busyRefusals.sum();
    }

    public long lines() {
        return lines.sum();
    }

    public long refusedLines() {
        return refusedLines.sum();
    }

    public long pings() {
        return pings.sum();
    }

    public long subscribes() {
        return subscribes.sum();
    }

    public long unsubscribes() {
        return unsubscribes.sum();
    }

    public long announcedCount() {
        return (long) announced.count();
    }

    public long receivedCount() {
        return (long) received.count();
    }

    public long deliveredCount() {
        return (long) delivered.count();
    }

    public long slowDisconnects() {
        return (long) slowDisconnects.count();
    }
}
