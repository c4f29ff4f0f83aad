package io.mailmesh.mesh.middleware;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Times every order by subject, order and outcome ({@code mesh_orders_seconds}); the tags are bounded
 * ({@link MetricTags}), so hostile payloads cannot grow the registry.
 */
public final class MetricsMiddleware implements Middleware {
    /** A dozen fixed buckets from 5 ms to 30 s: enough for a p99 panel, bounded per tag set. */
    private static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000).map(Duration::ofMillis).toArray(Duration[]::new);
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MetricsMiddleware(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Step wrap(Step next) {
        return invocation -> {
            long start = System.nanoTime();
            Result result = next.invoke(invocation);
            String outcome = result.failure() == null ? (result.reply().error() ? "error" : "ok")
                    : MetricTags.code(result.failure().code());
            timer(MetricTags.subject(invocation.route().subject()), MetricTags.order(result.orderName()), outcome)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            return result;
        };
    }

    private Timer timer(String subject, String order, String outcome) {
        return timers.computeIfAbsent(subject + '|' + order + '|' + outcome, k -> Timer.builder("mesh.orders")
                .description("orders handled").tags("subject", subject, "order", order, "outcome", outcome)
                .serviceLevelObjectives(BUCKETS) // mesh_orders_seconds_bucket: p99 with histogram_quantile
                .register(registry));
    }
}
