package io.mailmesh.apiemitter.middleman;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The middleman's numbers, on {@code /metrics} (names start with {@code middleman_}) and in its {@code $SRV}
 * stats: connections by role, subscriptions, frames received by command, messages delivered, errors by code, and
 * slow consumers disconnected.
 */
@Singleton
public final class MiddlemanMetrics {
    private final MeterRegistry registry;
    private final Map<Role, AtomicInteger> connections = new EnumMap<>(Role.class);
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong slowConsumers = new AtomicLong();
    private final Map<String, Counter> byCommand = new ConcurrentHashMap<>();
    private final Map<String, Counter> byError = new ConcurrentHashMap<>();

    @Inject
    MiddlemanMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Role role : Role.values()) {
            AtomicInteger count = new AtomicInteger();
            connections.put(role, count);
            Gauge.builder("middleman.connections", count, AtomicInteger::get).tag("role", role.name().toLowerCase())
                    .description("open, authenticated middleman connections").register(registry);
        }
        Gauge.builder("middleman.subscriptions", subscriptions, AtomicInteger::get)
                .description("targets subscribed, over all middleman connections").register(registry);
        FunctionCounter.builder("middleman.messages.delivered", delivered, AtomicLong::get)
                .description("frames sent to middleman connections (PUB, REQ, RES)").register(registry);
        FunctionCounter.builder("middleman.slow.consumers", slowConsumers, AtomicLong::get)
                .description("middleman connections closed for not reading their frames").register(registry);
    }

    void connected(Role role) {
        connections.get(role).incrementAndGet();
    }

    void disconnected(Role role) {
        connections.get(role).decrementAndGet();
    }

    void subscribed(int delta) {
        subscriptions.addAndGet(delta);
    }

    void received(Command command) {
        received.incrementAndGet();
        byCommand.computeIfAbsent(command.name(), c -> Counter.builder("middleman.frames.received").tag("command", c)
                .description("middleman frames accepted, by command").register(registry)).increment();
    }

    void deliveredOne() {
        delivered.incrementAndGet();
    }

    void error(String code) {
        errors.incrementAndGet();
        byError.computeIfAbsent(code, c -> Counter.builder("middleman.errors").tag("code", c)
                .description("middleman error frames sent, by code").register(registry)).increment();
    }

    void slowConsumer() {
        slowConsumers.incrementAndGet();
    }

    int connections(Role role) {
        return connections.get(role).get();
    }

    int subscriptions() {
        return subscriptions.get();
    }

    long delivered() {
        return delivered.get();
    }

    long received() {
        return received.get();
    }

    long errors() {
        return errors.get();
    }

    long slowConsumers() {
        return slowConsumers.get();
    }
}
