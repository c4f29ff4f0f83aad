package io.mailmesh.apiemitter.middleman;

import com.google.inject.Inject;
import io.mailmesh.mesh.discovery.ServedEndpoint;
import io.mailmesh.mesh.security.MeshGrants;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The middleman bridge as a {@code $SRV} endpoint of api-emitter: {@code nats micro info|stats api-emitter} list it
 * beside the routes (and fanout) with the instance's connections, subscriptions and messages.
 */
final class MiddlemanEndpoint implements ServedEndpoint {
    private final MiddlemanMetrics metrics;

    @Inject
    MiddlemanEndpoint(MiddlemanMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return MeshGrants.MIDDLEMAN;
    }

    @Override
    public String subject() {
        return MeshGrants.MIDDLEMAN + ".>";
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of("protocol", "middleman WebSocket protocol (seed 003)", "path", MiddlemanRoutes.PATH,
                "queue_group", Subjects.QUEUE);
    }

    @Override
    public long requests() {
        return metrics.received();
    }

    @Override
    public long errors() {
        return metrics.errors();
    }

    @Override
    public Map<String, Long> data() {
        Map<String, Long> data = new LinkedHashMap<>();
        data.put("service_connections", (long) metrics.connections(Role.SERVICE));
        data.put("client_connections", (long) metrics.connections(Role.CLIENT));
        data.put("subscriptions", (long) metrics.subscriptions());
        data.put("frames_received", metrics.received());
        data.put("messages_delivered", metrics.delivered());
        data.put("error_frames", metrics.errors());
        data.put("slow_consumers", metrics.slowConsumers());
        return data;
    }
}
