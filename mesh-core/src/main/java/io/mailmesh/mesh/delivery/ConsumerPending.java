package io.mailmesh.mesh.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Message;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue depth of a route's durable consumer ({@code mesh_consumer_pending}): orders in the stream not yet
 * delivered to any instance. Read from the consumer's info at start, then from the pending count JetStream puts in
 * every delivered order's metadata, so it costs no extra request; it reads 0 once the last pending order is taken.
 */
final class ConsumerPending {
    private final AtomicLong pending = new AtomicLong();

    ConsumerPending(MeterRegistry registry, String subject, String consumer) {
        Gauge.builder("mesh.consumer.pending", pending, AtomicLong::doubleValue)
                .description("orders in the stream not yet delivered to this route's durable consumer")
                .tags("subject", subject, "consumer", consumer).register(registry);
    }

    void set(long count) {
        pending.set(Math.max(0, count));
    }

    void update(Message delivered) {
        set(delivered.metaData().pendingCount());
    }
}
