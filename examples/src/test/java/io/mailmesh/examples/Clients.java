package io.mailmesh.examples;

import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.NatsTls;
import io.mailmesh.mesh.handler.HandlerOptions;
import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.security.MeshGrants;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;

/** How the examples' tests connect: as one executable, with its own credentials on an operator-mode server. */
final class Clients {
    private Clients() {
    }

    /** The configuration of {@code executable} on {@code nats}, with its credentials when the server checks them. */
    static MeshConfig config(String executable, NatsServerExtension nats, boolean operatorMode) {
        return new MeshConfig(executable, executable + "-test", nats.url(),
                operatorMode ? nats.creds(executable) : null, DeliveryMode.DURABLE, 0,
                HandlerOptions.DEFAULTS, 4, Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofSeconds(10), true, NatsTls.DEFAULTS);
    }

    /** A plain NATS connection holding {@code executable}'s credentials and inbox prefix. */
    static Connection connect(NatsServerExtension nats, String executable) throws Exception {
        return Nats.connect(Options.builder().server(nats.url()).maxReconnects(0)
                .maxControlLine(AuthDirectory.MAX_CONTROL_LINE).inboxPrefix(MeshGrants.inboxPrefix(executable))
                .authHandler(Nats.credentials(nats.creds(executable).toString())).build());
    }
}
