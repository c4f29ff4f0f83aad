package io.mailmesh.identitiesworker;

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

/** The identities-worker executable: schedules the polling syncs of remote identities and emits worker orders. */
@Command(name = "identities-worker", mixinStandardHelpOptions = true,
        description = "Schedules a sync per remote identity (IMAPfetcher, twitter_dm) and emits worker orders "
                + "(imap_worker, twitter_worker) on add_identity, update_identity, delete_identity, update_interval.")
public final class IdentitiesWorkerMain implements Callable<Integer> {
    @Mixin
    MeshOptions mesh;

    @Option(names = "--reconcile-minutes", paramLabel = "MINUTES",
            defaultValue = "${env:IDENTITIES_RECONCILE_MINUTES:-15}",
            description = "minutes between reconciliations of the schedule with the store "
                    + "(env IDENTITIES_RECONCILE_MINUTES, default 15)")
    int reconcileMinutes;

    @Option(names = "--lease-bucket", paramLabel = "BUCKET",
            defaultValue = "${env:IDENTITIES_LEASE_BUCKET:-" + IdentitiesSettings.DEFAULT_LEASE_BUCKET + "}",
            description = "NATS key-value bucket of the sync-slot leases shared by all instances "
                    + "(env IDENTITIES_LEASE_BUCKET, default ${DEFAULT-VALUE})")
    String leaseBucket;

    @Option(names = "--lease-ttl-minutes", paramLabel = "MINUTES",
            defaultValue = "${env:IDENTITIES_LEASE_TTL_MINUTES:-30}",
            description = "how long a slot lease lives, the bucket's max age (env IDENTITIES_LEASE_TTL_MINUTES, "
                    + "default 30)")
    int leaseTtlMinutes;

    @Option(names = "--scheduler-threads", paramLabel = "N",
            defaultValue = "${env:IDENTITIES_SCHEDULER_THREADS:-32}",
            description = "threads firing syncs (env IDENTITIES_SCHEDULER_THREADS, default 32)")
    int schedulerThreads;

    @Option(names = "--interval-unit", paramLabel = "UNIT",
            defaultValue = "${env:IDENTITIES_INTERVAL_UNIT:-minutes}",
            description = "TEST ONLY: unit of poll_intervall, minutes (always in production) or seconds "
                    + "(env IDENTITIES_INTERVAL_UNIT)")
    String intervalUnit;

    @Override
    public Integer call() {
        MeshConfig config = mesh.toConfig("identities-worker");
        IdentitiesSettings settings = new IdentitiesSettings(Duration.ofMinutes(reconcileMinutes), leaseBucket,
                Duration.ofMinutes(leaseTtlMinutes), IntervalUnit.parse(intervalUnit), schedulerThreads);
        return MeshApp.run(config, mesh.jsonLogs(), new MeshStoreModule(), new IdentitiesWorkerModule(settings));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, its {@code --help} naming every setting the executable reads. */
    static picocli.CommandLine commandLine() {
        return EnvironmentHelp.meshCommand(new IdentitiesWorkerMain(), List.of());
    }
}
