package io.mailmesh.apiemitter.replay;

import io.mailmesh.apiemitter.ApiEmitterMain;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.gateway.AuditEntry;
import io.mailmesh.apiemitter.gateway.Dispatcher;
import io.mailmesh.apiemitter.gateway.RedisClients;
import io.mailmesh.apiemitter.gateway.TopicPolicy;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code api-emitter replay}: republishes audit log entries from a time or an id, optionally of one topic, with
 * their original {@code Nats-Msg-Id} so JetStream drops those it still holds (within its duplicate window), printing
 * progress (a bar in a terminal, a line every 100 entries otherwise). Only reads the audit log: it never writes
 * to Redis nor touches the gateway's outbox folder. Exit codes: 0 all replayed, 1 some entries failed or
 * NATS/Redis unreachable, 2 bad arguments or unknown id.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "republish audit log entries (REDIS_URL required) with their original Nats-Msg-Id")
public final class ReplayCommand implements Callable<Integer> {
    static final int PROGRESS_EVERY = 100;

    @Mixin
    MeshOptions mesh;

    @Mixin
    ApiEmitterMain.GatewayOptions gateway;

    @Option(names = "--from-time", paramLabel = "ISO-8601",
            description = "replay entries accepted at or after this time, e.g. 2024-05-01T10:00:00Z")
    String fromTime;

    @Option(names = "--from-id", paramLabel = "ID", description = "replay from the entry with this id (inclusive)")
    String fromId;

    @Option(names = "--topic", paramLabel = "SUBJECT", description = "replay only this topic")
    String topic;

    @Option(names = "--send-timeout", paramLabel = "SECONDS", defaultValue = "${env:API_SEND_TIMEOUT:-30}",
            description = "seconds a replayed request waits for the worker's reply (env API_SEND_TIMEOUT, default 30)")
    int sendTimeoutSeconds;

    @Spec
    CommandSpec spec;

    private final Function<String, String> env;
    /** Whether the output is a terminal: a progress bar there, plain lines otherwise. */
    boolean terminal = System.console() != null;

    public ReplayCommand() {
        this(System::getenv);
    }

    /** With {@code env} standing for the process environment ({@code REDIS_URL}). */
    public ReplayCommand(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Replayer.Selection selection = selection();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String redisUrl = gateway.redisUrl(env);
        if (redisUrl == null) {
            err.println("REDIS_URL is not set: there is no audit log to replay");
            return 2;
        }
        ApiSettings settings = new ApiSettings(0, null, Duration.ofSeconds(sendTimeoutSeconds),
                TopicPolicy.defaults(), redisUrl, gateway.logList, gateway.rejectedList(), ApiSettings.INGRESS,
                gateway.outboxDir(), 1, 1, gateway.logMax, gateway.rejectedMax);
        MeshConfig config = mesh.toConfig("api-emitter-replay").withHttpPort(0);
        MeshRuntime runtime;
        try {
            runtime = MeshApp.start(config, new ReplayModule(settings));
        } catch (Exception e) {
            err.println("replay could not connect to NATS at " + config.natsUrlForLogs() + ": "
                    + redact(e.getMessage()));
            return 1;
        }
        try (runtime; JedisPooled redis = RedisClients.pooled(redisUrl)) {
            Replayer replayer = new Replayer((start, count) -> redis.lrange(settings.logList(), start,
                    start + count - 1), runtime.get(Dispatcher.class), settings.sendTimeout());
            Replayer.Result result = replayer.replay(selection, terminal ? new ProgressBar(out, err)
                    : progress(out, err));
            out.printf("replayed %d of %d selected entries (%d audit lines read, %d not entries, %d failed)%n",
                    result.replayed(), result.selected(), result.scanned(), result.skipped(), result.failed());
            out.flush();
            return result.failed() == 0 ? 0 : 1;
        } catch (Replayer.UnknownIdException e) {
            err.println(e.getMessage() + " in the audit log " + settings.logList());
            return 2;
        } catch (JedisException e) {
            err.println("cannot read the audit log " + settings.logList() + " from Redis: " + redact(e.getMessage()));
            return 1;
        }
    }

    private Replayer.Selection selection() {
        if ((fromTime == null) == (fromId == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --from-time and --from-id");
        }
        if (fromTime == null) {
            return new Replayer.Selection(null, fromId.strip(), topic);
        }
        return new Replayer.Selection(parseTime(fromTime.strip()), null, topic);
    }

    private Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--from-time \"" + text + "\" is not an ISO-8601 time "
                    + "with an offset, e.g. 2024-05-01T10:00:00Z or 2024-05-01T12:00:00+02:00");
        }
    }

    private static Replayer.Progress progress(PrintWriter out, PrintWriter err) {
        return new Replayer.Progress() {
            @Override
            public void update(long done, long total) {
                if (done % PROGRESS_EVERY == 0 || done == total) {
                    out.printf("replaying %d/%d%n", done, total);
                    out.flush();
                }
            }

            @Override
            public void problem(AuditEntry entry, String what) {
                err.printf("entry %s on %s %s%n", entry.id(), entry.topic(), what);
                err.flush();
            }
        };
    }

    /** Masks the user and password of any URL in {@code text}. */
    static String redact(String text) {
        return text == null ? "" : text.replaceAll("://[^@/\\s]+@", "://***@");
    }
}
