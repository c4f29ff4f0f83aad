package io.mailmesh.twitterbridge;

import io.mailmesh.mesh.config.EnvVariable;
import io.mailmesh.mesh.config.EnvironmentHelp;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshStoreModule;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The twitter-bridge executable: sync and deliver of Twitter direct messages, per-identity workers. */
@Command(name = "twitter-bridge", mixinStandardHelpOptions = true,
        description = "Syncs and sends Twitter direct messages for the mesh (twitter_dm, twitter_worker).")
public final class TwitterBridgeMain implements Callable<Integer> {
    static final EnvVariable CONSUMER_KEY = new EnvVariable("TWITTER_CONSUMER_KEY",
            "the Twitter app's consumer (API) key; without it every Twitter order fails with missing_app_key");
    static final EnvVariable CONSUMER_SECRET = new EnvVariable("TWITTER_CONSUMER_SECRET",
            "the Twitter app's consumer secret");

    @Mixin
    MeshOptions mesh;

    @Option(names = "--twitter-api-url", paramLabel = "URL",
            defaultValue = "${env:TWITTER_API_URL:-" + TwitterSettings.DEFAULT_API_URL + "}",
            description = "base URL of the Twitter v1.1 REST API (env TWITTER_API_URL, default ${DEFAULT-VALUE})")
    String apiUrl;

    @Option(names = "--inbound-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:TWITTER_INBOUND_TIMEOUT:-20}",
            description = "seconds a process_inbound request may take (env TWITTER_INBOUND_TIMEOUT, default 20)")
    int inboundTimeoutSeconds;

    @Option(names = "--max-backoff-minutes", paramLabel = "MINUTES",
            defaultValue = "${env:TWITTER_MAX_BACKOFF_MINUTES:-4320}",
            description = "longest poll interval a rate limit back-off asks for (env TWITTER_MAX_BACKOFF_MINUTES, "
                    + "default 4320)")
    int maxBackoffMinutes;

    @Option(names = "--worker-lease", paramLabel = "SECONDS", defaultValue = "${env:TWITTER_WORKER_LEASE:-15}",
            description = "seconds an instance's ownership of an identity's worker lasts without renewal; when an"
                    + " instance dies another takes its workers over within about 4/3 of this (env"
                    + " TWITTER_WORKER_LEASE, default 15)")
    long workerLeaseSeconds;

    @Override
    public Integer call() {
        MeshConfig config = mesh.toConfig("twitter-bridge");
        TwitterSettings settings = new TwitterSettings(URI.create(apiUrl.trim()),
                CONSUMER_KEY.read(), CONSUMER_SECRET.read(),
                Duration.ofSeconds(inboundTimeoutSeconds), maxBackoffMinutes, 3, Duration.ofSeconds(20),
                Duration.ofSeconds(workerLeaseSeconds));
        return MeshApp.run(config, mesh.jsonLogs(), new MeshStoreModule(), new TwitterBridgeModule(settings));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, its {@code --help} naming every setting the executable reads. */
    static picocli.CommandLine commandLine() {
        return EnvironmentHelp.meshCommand(new TwitterBridgeMain(), List.of(CONSUMER_KEY, CONSUMER_SECRET));
    }
}
