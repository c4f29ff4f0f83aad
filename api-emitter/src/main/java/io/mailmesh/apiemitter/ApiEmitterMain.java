package io.mailmesh.apiemitter;

import io.mailmesh.apiemitter.auth.AuthOptions;
import io.mailmesh.apiemitter.fanout.FanoutModule;
import io.mailmesh.apiemitter.fanout.FanoutOptions;
import io.mailmesh.apiemitter.fanout.FanoutSettings;
import io.mailmesh.apiemitter.gateway.TopicPolicy;
import io.mailmesh.apiemitter.identities.IdentityOptions;
import io.mailmesh.apiemitter.middleman.MiddlemanModule;
import io.mailmesh.apiemitter.middleman.MiddlemanOptions;
import io.mailmesh.apiemitter.natsauth.NatsAuthCommand;
import io.mailmesh.apiemitter.provision.ProvisionCommand;
import io.mailmesh.apiemitter.replay.ReplayCommand;
import io.mailmesh.apiemitter.web.RateLimits;
import io.mailmesh.mesh.config.EnvVariable;
import io.mailmesh.mesh.config.EnvironmentHelp;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshStoreModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The REST API, the ingress gateway and seed 004's fanout line server; {@code replay} republishes audit log entries, {@code nats-auth} makes the
 * installation's NATS credentials and {@code provision} its streams and buckets.
 */
@Command(name = "api-emitter", mixinStandardHelpOptions = true, subcommands = {ReplayCommand.class, NatsAuthCommand.class, ProvisionCommand.class},
        description = "mailmesh REST API (drafts, contacts, keys, identities) and seed 000's ingress gateway")
public final class ApiEmitterMain implements Callable<Integer> {
    static final EnvVariable ADMIN_TOKEN = new EnvVariable("API_ADMIN_TOKEN",
            "bearer token of the admin API (/admin/...); unset: the admin API is off");
    /** What api-emitter reads from the environment besides {@link EnvironmentHelp#MESH}. */
    static final List<EnvVariable> ENVIRONMENT = EnvironmentHelp.concat(List.of(ADMIN_TOKEN,
            GatewayOptions.REDIS_URL), RateLimits.VARIABLES);

    @Mixin
    MeshOptions mesh;

    @Mixin
    GatewayOptions gateway;

    @Mixin
    AuthOptions auth;

    @Mixin
    IdentityOptions identities;

    @Mixin
    MiddlemanOptions middleman;

    @Mixin
    FanoutOptions fanout;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:API_PORT:-8080}",
            description = "REST API and gateway port (env API_PORT, default 8080)")
    int port;

    @Option(names = "--send-timeout", paramLabel = "SECONDS", defaultValue = "${env:API_SEND_TIMEOUT:-30}",
            description = "seconds a send waits for the worker's reply (env API_SEND_TIMEOUT, default 30)")
    int sendTimeoutSeconds;

    @Option(names = "--allowed-topics", paramLabel = "LIST", defaultValue = "${env:GATEWAY_ALLOWED_TOPICS}",
            description = "comma-separated subjects the gateway publishes on (env GATEWAY_ALLOWED_TOPICS, "
                    + "default: the route table's subjects)")
    String allowedTopics;

    @Option(names = "--outbox-max", paramLabel = "N", defaultValue = "${env:GATEWAY_OUTBOX_MAX:-100000}",
            description = "messages the outbox holds while NATS is down (env GATEWAY_OUTBOX_MAX, default 100000)")
    int outboxMax;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "${env:API_MAX_BODY_BYTES:-1048576}",
            description = "largest request body (env API_MAX_BODY_BYTES, default 1048576)")
    long maxBodyBytes;

    @Override
    public Integer call() {
        MeshConfig config = mesh.toConfig("api-emitter");
        ApiSettings settings = settings();
        Optional<String> redisRefusal = GatewayOptions.redisRefusal(settings.redisUrl(), config.developmentProfile());
        if (redisRefusal.isPresent()) {
            System.err.println("api-emitter: " + redisRefusal.get());
            return 2;
        }
        FanoutSettings fanoutSettings;
        try {
            fanoutSettings = fanout.toSettings(System::getenv);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("api-emitter: " + e.getMessage());
            return 2;
        }
        return MeshApp.run(config, mesh.jsonLogs(), new MeshStoreModule(),
                new ApiEmitterModule(settings, auth.toSettings(config.developmentProfile()),
                        identities.toSettings(config.developmentProfile()), RateLimits.from(System.getenv())),
                new MiddlemanModule(middleman.toSettings(System::getenv)),
                new FanoutModule(fanoutSettings));
    }

    ApiSettings settings() {
        Set<String> topics = TopicPolicy.parse(allowedTopics);
        return new ApiSettings(port, ADMIN_TOKEN.read(), Duration.ofSeconds(sendTimeoutSeconds),
                topics, gateway.redisUrl(System::getenv), gateway.logList, gateway.rejectedList(),
                ApiSettings.INGRESS, gateway.outboxDir(), outboxMax, maxBodyBytes, gateway.logMax, gateway.rejectedMax);
    }

    /**
     * The settings the API and {@code replay} share, and the one place the audit list names are derived: the
     * rejected list sits next to the log list ({@code MESSAGES:log} gives {@code MESSAGES:rejected}).
     */
    public static final class GatewayOptions {
        /** The per-user state folder used when {@code GATEWAY_OUTBOX_DIR} is not set. */
        /** The Redis URL: from the environment only, for it may hold a password. */
        public static final EnvVariable REDIS_URL = new EnvVariable("REDIS_URL", "redis://[:password@]host:port of "
                + "the gateway's Redis ingress and audit log; unset: neither (a password is required in production)");
        public static final Path DEFAULT_OUTBOX_DIR = Path.of(System.getProperty("user.home"), ".mailmesh", "gateway")
                .toAbsolutePath();

        @Option(names = "--log-list", paramLabel = "LIST", defaultValue = "${env:GATEWAY_LOG_LIST:-MESSAGES:log}",
                description = "Redis list of the audit log (env GATEWAY_LOG_LIST, default MESSAGES:log); rejected "
                        + "ingress messages go to the list of the same name ending in :rejected instead of :log")
        public String logList;

        @Option(names = "--log-max", paramLabel = "N", defaultValue = "${env:GATEWAY_LOG_MAX:-100000}",
                description = "lines the audit log list keeps, the oldest trimmed (env GATEWAY_LOG_MAX, default "
                        + "100000)")
        public int logMax;

        @Option(names = "--rejected-max", paramLabel = "N", defaultValue = "${env:GATEWAY_REJECTED_MAX:-10000}",
                description = "lines the rejected list keeps, the oldest trimmed (env GATEWAY_REJECTED_MAX, "
                        + "default 10000)")
        public int rejectedMax;

        @Option(names = "--outbox-dir", paramLabel = "DIR", defaultValue = "${env:GATEWAY_OUTBOX_DIR}",
                description = "folder of the outbox and the audit spool (env GATEWAY_OUTBOX_DIR, default the "
                        + "per-user state folder ${sys:user.home}/.mailmesh/gateway; a relative path is resolved "
                        + "against the working directory)")
        public String outboxDir;

        /** The rejected list of {@code logList}: its {@code :log} suffix replaced by {@code :rejected}. */
        public static String rejectedListOf(String logList) {
            return logList.replaceAll(":log$", "") + ":rejected";
        }

        public String rejectedList() {
            return rejectedListOf(logList);
        }

        /** The outbox folder, always absolute. */
        public Path outboxDir() {
            return outboxDir == null || outboxDir.isBlank() ? DEFAULT_OUTBOX_DIR
                    : Path.of(outboxDir.strip()).toAbsolutePath();
        }

        /**
         * Why a Redis URL is refused, if it is: outside the development profile it must carry a password
         * ({@code redis://:<password>@host:port} or {@code redis://<user>:<password>@…}), for the Redis ingress
         * is an internal channel whose messages act for any user.
         */
        public static Optional<String> redisRefusal(String url, boolean development) {
            if (url == null || development) {
                return Optional.empty();
            }
            String userInfo;
            try {
                userInfo = java.net.URI.create(url).getRawUserInfo();
            } catch (IllegalArgumentException e) {
                return Optional.of("REDIS_URL is not a valid URL");
            }
            int colon = userInfo == null ? -1 : userInfo.indexOf(':');
            if (colon < 0 || colon == userInfo.length() - 1) {
                return Optional.of("REDIS_URL has no password; the production profile refuses an unauthenticated "
                        + "Redis (its MESSAGES list is a trusted ingress): use redis://:<password>@host:port, or "
                        + "unset REDIS_URL to run without the Redis ingress and audit log");
            }
            return Optional.empty();
        }

        /** {@code REDIS_URL} from the environment only (the URL may hold a password), or null. */
        public String redisUrl(Function<String, String> env) {
            String url = env.apply(REDIS_URL.name());
            return url == null || url.isBlank() ? null : url.strip();
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every setting in each command's {@code --help}, subcommands included. */
    static CommandLine commandLine() {
        CommandLine command = EnvironmentHelp.meshCommand(new ApiEmitterMain(), ENVIRONMENT);
        CommandLine natsAuth = command.getSubcommands().get("nats-auth");
        EnvironmentHelp.withEnvironment(natsAuth, List.of(EnvironmentHelp.LOG_LEVEL));
        natsAuth.getSubcommands().values().forEach(sub -> EnvironmentHelp.withEnvironment(sub,
                List.of(EnvironmentHelp.LOG_LEVEL)));
        EnvironmentHelp.withEnvironment(command.getSubcommands().get("provision"), EnvironmentHelp.MESH);
        EnvironmentHelp.withEnvironment(command.getSubcommands().get("replay"), List.of(GatewayOptions.REDIS_URL,
                EnvironmentHelp.LOG_LEVEL));
        return command;
    }
}
