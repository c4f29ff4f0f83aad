package io.mailmesh.mesh.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.security.MeshGrants;
import io.mailmesh.mesh.tls.NatsSslContext;
import io.mailmesh.mesh.metrics.NatsEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provides the NATS connection: reconnects forever with back-off and jitter, and waits for a server at start. */
public final class NatsModule extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(NatsModule.class);

    @Provides
    @Singleton
    Connection connection(MeshConfig config, MeterRegistry registry) throws IOException, InterruptedException {
        Options.Builder options = Options.builder().servers(config.natsUrl().split(","))
                .connectionName(config.executable() + "/" + config.instanceId())
                .maxReconnects(-1).reconnectWait(Duration.ofSeconds(1)).reconnectJitter(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofSeconds(5)).reportNoResponders()
                // replies arrive below the executable's own prefix, the only inbox its credentials may read
                .inboxPrefix(MeshGrants.inboxPrefix(config.executable()))
                .maxControlLine(io.mailmesh.mesh.security.AuthDirectory.MAX_CONTROL_LINE)
                .connectionListener(logEvents(config)).errorListener(new NatsEvents(registry));
        if (config.natsCreds() != null) {
            options.authHandler(Nats.credentials(config.natsCreds().toString()));
        }
        if (config.natsTls().enabledFor(config.natsUrl())) {
            options.sslContext(NatsSslContext.of(config.natsTls()));
        }
        LOG.info("connecting to NATS at {}", config.natsUrlForLogs());
        return Nats.connectReconnectOnConnect(options.build());
    }

    private static ConnectionListener logEvents(MeshConfig config) {
        return (conn, event) -> {
            switch (event) {
                case CONNECTED, RECONNECTED -> LOG.info("NATS {}: {}", event.name().toLowerCase(),
                        io.mailmesh.mesh.config.Redaction.url(String.valueOf(conn.getConnectedUrl())));
                case DISCONNECTED -> LOG.warn("NATS disconnected; reconnecting to {}", config.natsUrlForLogs());
                default -> LOG.debug("NATS {}", event);
            }
        };
    }
}
