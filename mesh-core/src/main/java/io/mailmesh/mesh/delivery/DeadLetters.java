package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.orders.Route;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records orders that will not be handled: the original payload and headers on {@code deadletter.<subject>}, with
 * the error, its code, the worker and the delivery count. In durable mode the {@code MESH_DEADLETTER} stream keeps
 * them for ops to inspect and replay.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final String worker;
    private final MeterRegistry registry;

    public DeadLetters(Connection connection, JetStream jetStream, String worker, MeterRegistry registry) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.worker = worker;
        this.registry = registry;
    }

    /** Publishes the dead letter; returns false (and logs) when it could not be recorded. */
    public boolean record(Route route, byte[] data, Headers original, Failure failure, long deliveries,
                          String dedupeId) {
        Headers headers = new Headers();
        (original == null ? new Headers() : original).entrySet().forEach(e -> {
            if (!e.getKey().equals(MeshHeaders.MSG_ID)) {
                headers.put(e.getKey(), e.getValue());
            }
        });
        headers.put(MeshHeaders.DEAD_ERROR, failure.message());
        headers.put(MeshHeaders.DEAD_ERROR_CODE, failure.code());
        headers.put(MeshHeaders.DEAD_WORKER, worker);
        headers.put(MeshHeaders.DEAD_DELIVERIES, String.valueOf(deliveries));
        headers.put(MeshHeaders.DEAD_SUBJECT, route.subject());
        String subject = DurableTopology.DEAD_LETTER_PREFIX + route.subject();
        registry.counter("mesh.deadletters", "subject", route.subject(), "code", failure.code())
                .increment();
        try {
            if (jetStream != null) {
                jetStream.publish(subject, headers, data,
                        PublishOptions.builder().messageId(dedupeId).build());
            } else {
                connection.publish(subject, headers, data);
            }
            LOG.error("dead-lettered {} order after {} deliveries: {} {}", route.subject(), deliveries,
                    failure.code(), failure.message());
            return true;
        } catch (Exception e) {
            LOG.error("could not dead-letter {} order ({} {}): {}", route.subject(), failure.code(),
                    failure.message(), e.toString());
            return false;
        }
    }
}
