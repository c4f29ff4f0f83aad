package io.mailmesh.apiemitter.fanout;

import com.google.inject.Inject;
import io.mailmesh.mesh.discovery.ServedEndpoint;
import io.mailmesh.mesh.security.MeshGrants;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fanout server as a {@code $SRV} endpoint: {@code nats micro info|stats api-emitter} list it with its figures. */
final class FanoutEndpoint implements ServedEndpoint {
    private final FanoutStats stats;
    private final FanoutServer server;

    @Inject
    FanoutEndpoint(FanoutStats stats, FanoutServer server) {
        this.stats = stats;
        this.server = server;
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public String subject() {
        return MeshGrants.FANOUT + ".>";
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of("protocol", "fanout line protocol (seed 004)", "listen", server.listening());
    }

    @Override
    public long requests() {
        return stats.lines();
    }

    @Override
    public long errors() {
        return stats.refusedLines();
    }

    @Override
    public Map<String, Long> data() {
        Map<String, Long> data = new LinkedHashMap<>();
        data.put("connections", (long) stats.connections());
        data.put("subscriptions", (long) stats.subscriptions());
        data.put("channels", (long) stats.channels());
        data.put("messages_announced", stats.announcedCount());
        data.put("messages_received", stats.receivedCount());
        data.put("messages_delivered", stats.deliveredCount());
        data.put("slow_disconnects", stats.slowDisconnects());
        return data;
    }
}
