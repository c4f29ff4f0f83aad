package io.mailmesh.apiemitter.replay;

import io.mailmesh.apiemitter.ApiEmitterMain;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.gateway.AuditLog;
import io.mailmesh.apiemitter.gateway.TopicPolicy;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code api-emitter replay}: republishes audit log entries from a time or an id, optionally of one topic, with
 * their original {@code Nats-Msg-Id} so JetStream drops those it still holds (within its duplicate window).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "republish audit log entries (REDIS_URL required) with their original Nats-Msg-Id")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    MeshOptions mesh;

    @Mixin
    ApiEmitterMain.GatewayOptions gateway;

    @Option(names = "--from-time", paramLabel = "ISO-8601", description = "replay entries accepted at or after this time")
    String fromTime;

    @Option(names = "--from-id", paramLabel = "ID", description = "replay from the entry with this id (inclusive)")
    String fromId;

    @Option(names = "--topic", paramLabel = "SUBJECT", description = "replay only this topic")
    String topic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((fromTime == null) == (fromId == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --from-time and --from-id");
        }
        Instant from = null;
        if (fromTime != null) {
            try {
                from = Instant.parse(fromTime);
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--from-time must be ISO-8601, e.g. "
                        + "2024-05-01T10:00:00Z");
            }
        }
        String redisUrl = gateway.redisUrl();
        if (redisUrl == null) {
            spec.commandLine().getErr().println("REDIS_URL is not set: there is no audit log to replay");
            return 2;
        }
        ApiSettings settings = new ApiSettings(0, null, Duration.ofSeconds(30), TopicPolicy.defaults(), redisUrl,
                gateway.logList, gateway.logList + ":rejected", ApiSettings.INGRESS, Path.of(gateway.outboxDir), 1,
                1);
        MeshConfig config = mesh.toConfig("api-emitter-replay").withHttpPort(0);
        try (MeshRuntime runtime = MeshApp.start(config, new ReplayModule(settings))) {
            AuditLog audit = runtime.get(AuditLog.class);
            audit.start();
            try {
                Replayer.Result result = runtime.get(Replayer.class).replay(new Replayer.Selection(from, fromId, topic),
                        progress(spec.commandLine().getOut()));
                spec.commandLine().getOut().printf("replayed %d of %d entries (%d skipped, %d failed)%n",
                        result.replayed(), result.scanned(), result.skipped(), result.failed());
                return result.failed() == 0 ? 0 : 1;
            } finally {
                audit.stop();
            }
        }
    }

    private static Replayer.Progress progress(java.io.PrintWriter out) {
        return (done, total) -> {
            if (done % 100 == 0 || done == total) {
                out.printf("\rreplaying %d/%d", done, total);
                out.flush();
                if (done == total) {
                    out.println();
                }
            }
        };
    }
}
