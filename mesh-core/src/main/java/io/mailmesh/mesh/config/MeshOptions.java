package io.mailmesh.mesh.config;

import io.mailmesh.mesh.handler.HandlerOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options every executable shares, as a picocli mixin: each reads an environment variable and can be
 * overridden by its flag. Secrets are read from the environment only, never from flags (they would show in
 * {@code ps}); the footer lists them, so {@code --help} shows every setting.
 */
@Command(footer = {"%nSecrets, read from the environment only (never flags, which show in ps):",
        "  MESH_SECRET_KEY        base64 of 32 bytes; encrypts stored credentials;",
        "                         required outside the development profile, and",
        "                         never the development key in production",
        "  MESH_SECRET_KEYS_OLD   comma-separated base64 keys of before a rotation,",
        "                         still read (OPERATIONS.md: Rotating MESH_SECRET_KEY)",
        "%nCluster, read from the environment:",
        "  MESH_REPLICAS          replicas of every stream and bucket the mesh creates",
        "                         (default 1; 3 on a three-node NATS cluster)"})
public final class MeshOptions {
    @Option(names = "--nats-url", paramLabel = "URL", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
            description = "NATS server URL(s), comma-separated (env NATS_URL, default ${DEFAULT-VALUE})")
    String natsUrl;

    @Option(names = "--nats-creds", paramLabel = "FILE", defaultValue = "${env:NATS_CREDS}",
            description = "NATS credentials file, JWT and NKey seed (env NATS_CREDS)")
    Path natsCreds;

    @Option(names = "--nats-tls-ca", paramLabel = "FILE", defaultValue = "${env:NATS_TLS_CA}",
            description = "PEM bundle of the CAs that sign the NATS servers' certificates; turns TLS on, as a "
                    + "tls:// URL does (env NATS_TLS_CA, default the JVM's CAs)")
    Path natsTlsCa;

    @Option(names = "--nats-tls-cert", paramLabel = "FILE", defaultValue = "${env:NATS_TLS_CERT}",
            description = "PEM client certificate for mutual TLS with NATS, with NATS_TLS_KEY (env NATS_TLS_CERT)")
    Path natsTlsCert;

    @Option(names = "--nats-tls-key", paramLabel = "FILE", defaultValue = "${env:NATS_TLS_KEY}",
            description = "PEM (PKCS#8) private key of the client certificate (env NATS_TLS_KEY)")
    Path natsTlsKey;

    @Option(names = "--nats-tls-verify-hostname", paramLabel = "BOOL", arity = "1",
            defaultValue = "${env:NATS_TLS_VERIFY_HOSTNAME:-true}",
            description = "require the NATS server's certificate to name the URL's host; false only for test "
                    + "servers, with a warning (env NATS_TLS_VERIFY_HOSTNAME, default true)")
    boolean natsTlsVerifyHostname;

    @Option(names = "--delivery", paramLabel = "MODE", defaultValue = "${env:MESH_DELIVERY:-durable}",
            converter = DeliveryModeConverter.class,
            description = "durable (JetStream, retries, dead letters) or core (env MESH_DELIVERY, default durable)")
    DeliveryMode delivery;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:MESH_HTTP_PORT:-8081}",
            description = "management port for /healthz, /readyz and /metrics (env MESH_HTTP_PORT, default 8081)")
    int httpPort;

    @Option(names = "--instance-id", paramLabel = "ID", defaultValue = "${env:MESH_INSTANCE_ID}",
            description = "this instance's id (env MESH_INSTANCE_ID, default host name and a random suffix)")
    String instanceId;

    @Option(names = "--handler-timeout", paramLabel = "SECONDS", defaultValue = "${env:MESH_HANDLER_TIMEOUT:-30}",
            description = "seconds a handler may run before it is abandoned (env MESH_HANDLER_TIMEOUT, default 30)")
    int handlerTimeoutSeconds;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "${env:MESH_CONCURRENCY:-8}",
            description = "orders one handler runs at once (env MESH_CONCURRENCY, default 8)")
    int concurrency;

    @Option(names = "--max-deliveries", paramLabel = "N", defaultValue = "${env:MESH_MAX_DELIVERIES:-5}",
            description = "deliveries of a durable order before it is dead-lettered (env MESH_MAX_DELIVERIES, default 5)")
    int maxDeliveries;

    @Option(names = "--backoff", paramLabel = "MILLIS", defaultValue = "${env:MESH_BACKOFF_MS:-1000}",
            description = "first retry delay of a durable order, doubled each time (env MESH_BACKOFF_MS, default 1000)")
    long backoffMillis;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "${env:MESH_DRAIN_TIMEOUT:-30}",
            description = "seconds a stop waits for orders in hand (env MESH_DRAIN_TIMEOUT, default 30)")
    int drainTimeoutSeconds;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "${env:MESH_PROFILE:-production}",
            description = "production or development (env MESH_PROFILE, default production)")
    String profile;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:MESH_LOG_FORMAT:-plain}",
            description = "plain or json (env MESH_LOG_FORMAT, default plain)")
    String logFormat;

    /** Builds the configuration of {@code executable} from the parsed options. */
    public MeshConfig toConfig(String executable) {
        String id = instanceId == null || instanceId.isBlank() ? hostName() + "-" + Ids.shortRandom() : instanceId;
        return new MeshConfig(executable, id, natsUrl, natsCreds, delivery, httpPort,
                new HandlerOptions(Duration.ofSeconds(handlerTimeoutSeconds), concurrency), maxDeliveries,
                Duration.ofMillis(backoffMillis), Duration.ofMinutes(5), Duration.ofSeconds(drainTimeoutSeconds),
                "development".equalsIgnoreCase(profile),
                new NatsTls(natsTlsCa, natsTlsCert, natsTlsKey, natsTlsVerifyHostname));
    }

    public boolean jsonLogs() {
        return "json".equalsIgnoreCase(logFormat);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "local" : host;
    }

    static final class DeliveryModeConverter implements picocli.CommandLine.ITypeConverter<DeliveryMode> {
        @Override
        public DeliveryMode convert(String value) {
            return DeliveryMode.valueOf(value.trim().toUpperCase());
        }
    }
}
