package io.mailmesh.mqworker;

import io.mailmesh.mesh.config.EnvironmentHelp;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.store.RawMessageRetention;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshStoreModule;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The mq-worker executable: process_inbound (email, Twitter), contact_update and the key orders. */
@Command(name = "mq-worker", mixinStandardHelpOptions = true,
        description = "Turns raw inbound messages into user messages and discussions, re-links contacts and "
                + "discovers, publishes and deletes OpenPGP keys.")
public final class MqWorkerMain implements Callable<Integer> {
    @Mixin
    MeshOptions mesh;

    @Option(names = "--hkp-url", paramLabel = "URL", defaultValue = "${env:HKP_URL:-https://keys.openpgp.org}",
            description = "HKP key server base URL (env HKP_URL, default ${DEFAULT-VALUE})")
    URI hkpUrl;

    @Option(names = "--wkd-base-url", paramLabel = "URL", defaultValue = "${env:WKD_BASE_URL}",
            description = "serve every WKD look-up from this base URL instead of the real WKD hosts "
                    + "(env WKD_BASE_URL, default none)")
    URI wkdBaseUrl;

    @Option(names = "--key-lookup-timeout", paramLabel = "SECONDS", defaultValue = "${env:KEY_LOOKUP_TIMEOUT:-10}",
            description = "timeout of one key look-up in seconds (env KEY_LOOKUP_TIMEOUT, default ${DEFAULT-VALUE})")
    int keyLookupTimeoutSeconds;

    @Option(names = "--key-lookup-max-bytes", paramLabel = "BYTES",
            defaultValue = "${env:KEY_LOOKUP_MAX_BYTES:-1048576}",
            description = "largest answer read from one WKD or HKP server (env KEY_LOOKUP_MAX_BYTES, "
                    + "default ${DEFAULT-VALUE})")
    long keyLookupMaxBytes;

    @Option(names = "--raw-retention-hours", paramLabel = "HOURS",
            defaultValue = "${env:MESH_RAW_RETENTION_HOURS:-168}",
            description = "hours a raw message is kept once imported and delivered; 0 deletes it at the next sweep, "
                    + "-1 keeps it (env MESH_RAW_RETENTION_HOURS, default ${DEFAULT-VALUE})")
    long rawRetentionHours;

    @Override
    public Integer call() {
        MeshConfig config = mesh.toConfig("mq-worker");
        MqWorkerSettings settings = new MqWorkerSettings(hkpUrl, wkdBaseUrl,
                Duration.ofSeconds(keyLookupTimeoutSeconds), keyLookupMaxBytes,
                RawMessageRetention.parse(rawRetentionHours));
        return MeshApp.run(config, mesh.jsonLogs(), new MeshStoreModule(), new MqWorkerModule(settings));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, its {@code --help} naming every setting the executable reads. */
    static picocli.CommandLine commandLine() {
        return EnvironmentHelp.meshCommand(new MqWorkerMain(), List.of());
    }
}
