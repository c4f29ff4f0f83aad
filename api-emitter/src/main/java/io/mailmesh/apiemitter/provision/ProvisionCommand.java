package io.mailmesh.apiemitter.provision;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.delivery.StreamLimits;
import io.mailmesh.mesh.runtime.Provisioning;
import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code api-emitter provision}: creates the streams, durable consumers and store buckets the executables share,
 * with credentials allowed to (the operators' {@code creds/ops.creds}). Idempotent; run it before the executables
 * start and after an upgrade. Exit 0 when everything exists, 1 when NATS refused or was unreachable.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "create the mesh's JetStream streams, consumers and buckets (NATS_CREDS: ops credentials)")
public final class ProvisionCommand implements Callable<Integer> {
    @Mixin
    MeshOptions mesh;

    /** Provisioning encrypts nothing, so it needs no MESH_SECRET_KEY: a random one satisfies the settings. */
    private static Map<String, String> withSomeSecretKey(Map<String, String> env) {
        Map<String, String> copy = new HashMap<>(env);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        copy.putIfAbsent(StoreSettings.SECRET_KEY_VARIABLE, Base64.getEncoder().encodeToString(key));
        return copy;
    }

    @Override
    public Integer call() {
        MeshConfig config = mesh.toConfig("provision");
        StoreSettings store = StoreSettings.from(withSomeSecretKey(System.getenv()), config.developmentProfile());
        Options.Builder options = Options.builder().servers(config.natsUrl().split(",")).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(10)).maxControlLine(AuthDirectory.MAX_CONTROL_LINE);
        if (config.natsCreds() != null) {
            options.authHandler(Nats.credentials(config.natsCreds().toString()));
        }
        try (Connection connection = Nats.connect(options.build())) {
            Provisioning.run(connection, store, StreamLimits.from(System.getenv()));
            System.out.println("provisioned: streams, consumers and " + store.bucketPrefix() + "* buckets on "
                    + config.natsUrlForLogs());
            return 0;
        } catch (Exception e) {
            System.err.println("provision failed: " + e.getMessage() + " (are NATS_CREDS the operators' "
                    + "creds/ops.creds? an executable's credentials may not create streams)");
            return 1;
        }
    }
}
