package io.mailmesh.imapbridge;

import io.mailmesh.mesh.config.EnvironmentHelp;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshStoreModule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The imap-bridge executable: syncs remote IMAP accounts into the mesh and keeps Sent copies of sent mail. */
@Command(name = "imap-bridge", mixinStandardHelpOptions = true,
        description = "sync/fullfetch on IMAPfetcher, deliver on outboundIMAP, workers on imap_worker")
public final class ImapBridgeMain implements Callable<Integer> {
    @Mixin
    MeshOptions mesh;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:IMAP_MAX_CONNECTIONS:-50}",
            description = "IMAP connections this instance opens at most (env IMAP_MAX_CONNECTIONS, default 50)")
    int maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "${env:IMAP_IDLE_TIMEOUT:-300}",
            description = "seconds an unused IMAP connection stays open (env IMAP_IDLE_TIMEOUT, default 300)")
    long idleTimeoutSeconds;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "${env:IMAP_BATCH_SIZE:-200}",
            description = "mails fetched per IMAP round trip (env IMAP_BATCH_SIZE, default 200)")
    int batchSize;

    @Option(names = "--inbound-timeout", paramLabel = "SECONDS", defaultValue = "${env:IMAP_INBOUND_TIMEOUT:-10}",
            description = "seconds to wait for mq-worker's process_inbound reply (env IMAP_INBOUND_TIMEOUT, default 10)")
    long inboundTimeoutSeconds;

    @Option(names = "--deliver-timeout", paramLabel = "SECONDS", defaultValue = "${env:IMAP_DELIVER_TIMEOUT:-30}",
            description = "seconds to wait for smtp-bridge's deliver reply (env IMAP_DELIVER_TIMEOUT, default 30)")
    long deliverTimeoutSeconds;

    @Option(names = "--trust-all", paramLabel = "BOOL", defaultValue = "${env:IMAP_TRUST_ALL:-false}",
            description = "DEVELOPMENT ONLY: honour an identity's trust-all-certificates flag (env IMAP_TRUST_ALL,"
                    + " default false: certificates are always verified)")
    boolean trustAll;

    @Option(names = "--sync-budget", paramLabel = "SECONDS", defaultValue = "${env:IMAP_SYNC_BUDGET:-20}",
            description = "seconds one sync order fetches before a follow-up sync continues (env IMAP_SYNC_BUDGET,"
                    + " default 20)")
    long syncBudgetSeconds;

    @Option(names = "--max-batch-bytes", paramLabel = "BYTES",
            defaultValue = "${env:IMAP_MAX_BATCH_BYTES:-67108864}",
            description = "bytes of mail one IMAP fetch round trip brings at most (env IMAP_MAX_BATCH_BYTES, default "
                    + "${DEFAULT-VALUE}); a mail over MESH_STORE_MAX_RAW_BYTES is passed over without being fetched")
    long maxBatchBytes;

    @Option(names = "--worker-lease", paramLabel = "SECONDS", defaultValue = "${env:IMAP_WORKER_LEASE:-15}",
            description = "seconds an instance's ownership of an identity's IDLE worker lasts without renewal; when"
                    + " an instance dies another takes its workers over within about 4/3 of this (env"
                    + " IMAP_WORKER_LEASE, default 15)")
    long workerLeaseSeconds;

    @Override
    public Integer call() {
        MeshConfig config = mesh.toConfig("imap-bridge");
        ImapSettings settings = new ImapSettings(maxConnections, Duration.ofSeconds(idleTimeoutSeconds), batchSize,
                Duration.ofSeconds(inboundTimeoutSeconds), Duration.ofSeconds(deliverTimeoutSeconds), trustAll,
                Duration.ofSeconds(syncBudgetSeconds), Duration.ofSeconds(workerLeaseSeconds), maxBatchBytes);
        return MeshApp.run(config, mesh.jsonLogs(), new MeshStoreModule(), new ImapBridgeModule(settings));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, its {@code --help} naming every setting the executable reads. */
    static picocli.CommandLine commandLine() {
        return EnvironmentHelp.meshCommand(new ImapBridgeMain(), List.of());
    }
}
