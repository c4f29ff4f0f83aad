package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.emit.HeaderValues;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.middleware.MetricTags;
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

    /** The registry the dead letters are counted in, shared with the other delivery meters. */
    MeterRegistry registry() {
        return registry;
    }

    /**
     * Publishes the dead letter; returns false (and logs) when it could not be recorded. Header values are made safe
     * ({@link HeaderValues}); if the dead letter is still refused as written (the order's own headers too large,
     * say), it is written once more with the mesh's headers alone, so an order is never stuck for want of a header.
     */
    public boolean record(Route route, byte[] data, Headers original, Failure failure, long deliveries,
                          String dedupeId) {
        String subject = DurableTopology.DEAD_LETTER_PREFIX + route.subject();
        registry.counter("mesh.deadletters", "subject", route.subject(), "code", MetricTags.code(failure.code()))
                .increment();
        try {
            Headers headers = meshHeaders(route, failure, deliveries);
            HeaderValues.copyInto(headers, original, MeshHeaders.MSG_ID);
            publish(subject, headers, data, dedupeId);
        } catch (Exception e) {
            LOG.warn("dead letter of {} order refused with its headers ({}); writing it without them",
                    route.subject(), e.toString());
            try {
                publish(subject, meshHeaders(route, failure, deliveries), data, dedupeId);
            } catch (Exception again) {
                LOG.error("could not dead-letter {} order ({} {}): {}", route.subject(), failure.code(),
                        HeaderValues.safe(failure.message()), again.toString());
                return false;
            }
        }
        LOG.error("dead-lettered {} order after {} deliveries: {} {}", route.subject(), deliveries,
                failure.code(), HeaderValues.safe(failure.message()));
        return true;
    }

    private Headers meshHeaders(Route route, Failure failure, long deliveries) {
        Headers headers = new Headers();
        HeaderValues.put(headers, MeshHeaders.DEAD_ERROR, failure.message());
        HeaderValues.put(headers, MeshHeaders.DEAD_ERROR_CODE, failure.code());
        HeaderValues.put(headers, MeshHeaders.DEAD_WORKER, worker);
        HeaderValues.put(headers, MeshHeaders.DEAD_DELIVERIES, String.valueOf(deliveries));
        HeaderValues.put(headers, MeshHeaders.DEAD_SUBJECT, route.subject());
        return headers;
    }

    private void publish(String subject, Headers headers, byte[] data, String dedupeId) throws Exception {
        if (jetStream != null) {
            jetStream.publish(subject, headers, data, PublishOptions.builder().messageId(dedupeId).build());
        } else {
            connection.publish(subject, headers, data);
        }
    }
}
