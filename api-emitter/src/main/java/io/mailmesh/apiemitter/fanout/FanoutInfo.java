package io.mailmesh.apiemitter.fanout;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.config.MeshConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code info} reply: the original server's {@code name: value} lines (figures of this instance), with the
 * instance id first so a client knows which api-emitter it reached.
 */
@Singleton
final class FanoutInfo {
    private final String instance;
    private final FanoutStats stats;
    private final FanoutSettings settings;

    @Inject
    FanoutInfo(MeshConfig config, FanoutStats stats, FanoutSettings settings) {
        this.instance = config.executable() + "/" + config.instanceId();
        this.stats = stats;
        this.settings = settings;
    }

    String describe() {
        long up = Duration.between(stats.started, Instant.now()).toSeconds();
        int connections = stats.connections();
        int subscriptions = stats.subscriptions();
        return "instance: " + instance + "\n"
                + "uptime: " + up / 86_400 + "d " + up / 3600 % 24 + "h " + up / 60 % 60 + "m " + up % 60 + "s\n"
                + "client-limit: " + settings.maxClients() + "\n"
                + "limit rejected connections: " + stats.busyRefusals() + "\n"
                + "max connections: " + stats.peakConnections() + "\n"
                + "current connections: " + connections + "\n"
                + "current channels: " + stats.channels() + "\n"
                + "current subscriptions: " + subscriptions + "\n"
                + "user-requested subscriptions: " + Math.max(0, subscriptions - connections) + "\n"
                + "total connections: " + stats.totalConnections() + "\n"
                + "total announcements: " + stats.announcedCount() + "\n"
                + "total messages: " + stats.deliveredCount() + "\n"
                + "total subscribes: " + stats.subscribes() + "\n"
                + "total unsubscribes: " + stats.unsubscribes() + "\n"
                + "total pings: " + stats.pings() + "\n";
    }
}
