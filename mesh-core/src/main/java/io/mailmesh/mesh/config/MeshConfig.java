package io.mailmesh.mesh.config;

import io.mailmesh.mesh.handler.HandlerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every executable shares. Build it from the command line with {@link MeshOptions}, or in tests with
 * {@link #forTests(String, String)}.
 *
 * @param executable   the executable's name, also its NATS micro service name
 * @param instanceId   this instance's id, unique among instances of the executable
 * @param natsUrl      comma-separated server URLs; may hold credentials, so never log it: use {@link #natsUrlForLogs()}
 * @param natsCreds    a NATS credentials file (JWT + NKey seed), or null
 * @param delivery     durable (JetStream) or core pub/sub
 * @param httpPort     the management port ({@code /healthz}, {@code /readyz}, {@code /metrics}); 0 picks a free one
 * @param handlerDefaults the timeout and concurrency of handlers that do not set their own
 * @param maxDeliveries deliveries of a durable order before it is dead-lettered
 * @param backoffBase  the first retry delay of a durable order; it doubles on each attempt
 * @param backoffMax   the longest retry delay
 * @param drainTimeout how long a stop waits for in-flight work
 * @param developmentProfile true for local development (lenient defaults such as a dev secret key)
 * @param natsTls      TLS towards NATS: CA bundle, client certificate, host-name verification
 */
public record MeshConfig(String executable, String instanceId, String natsUrl, Path natsCreds, DeliveryMode delivery,
                         int httpPort, HandlerOptions handlerDefaults, int maxDeliveries, Duration backoffBase,
                         Duration backoffMax, Duration drainTimeout, boolean developmentProfile, NatsTls natsTls) {

    public MeshConfig {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(natsUrl, "natsUrl");
        Objects.requireNonNull(delivery, "delivery");
        natsTls = natsTls == null ? NatsTls.DEFAULTS : natsTls;
        if (maxDeliveries < 1) {
            throw new IllegalArgumentException("maxDeliveries must be at least 1");
        }
    }

    /** Test defaults: a random management port, short back-off, development profile. */
    public static MeshConfig forTests(String executable, String natsUrl) {
        return new MeshConfig(executable, executable + "-" + Ids.shortRandom(), natsUrl, null, DeliveryMode.DURABLE,
                0, HandlerOptions.DEFAULTS.withTimeout(Duration.ofSeconds(10)), 4, Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofSeconds(10), true, NatsTls.DEFAULTS);
    }

    public MeshConfig withDelivery(DeliveryMode newDelivery) {
        return new MeshConfig(executable, instanceId, natsUrl, natsCreds, newDelivery, httpPort, handlerDefaults,
                maxDeliveries, backoffBase, backoffMax, drainTimeout, developmentProfile, natsTls);
    }

    public MeshConfig withInstanceId(String newInstanceId) {
        return new MeshConfig(executable, newInstanceId, natsUrl, natsCreds, delivery, httpPort, handlerDefaults,
                maxDeliveries, backoffBase, backoffMax, drainTimeout, developmentProfile, natsTls);
    }

    public MeshConfig withRetries(int newMaxDeliveries, Duration newBackoffBase, Duration newBackoffMax) {
        return new MeshConfig(executable, instanceId, natsUrl, natsCreds, delivery, httpPort, handlerDefaults,
                newMaxDeliveries, newBackoffBase, newBackoffMax, drainTimeout, developmentProfile, natsTls);
    }

    public MeshConfig withHandlerDefaults(HandlerOptions newDefaults) {
        return new MeshConfig(executable, instanceId, natsUrl, natsCreds, delivery, httpPort, newDefaults,
                maxDeliveries, backoffBase, backoffMax, drainTimeout, developmentProfile, natsTls);
    }

    public MeshConfig withHttpPort(int newHttpPort) {
        return new MeshConfig(executable, instanceId, natsUrl, natsCreds, delivery, newHttpPort, handlerDefaults,
                maxDeliveries, backoffBase, backoffMax, drainTimeout, developmentProfile, natsTls);
    }

    public MeshConfig withNatsTls(NatsTls newNatsTls) {
        return new MeshConfig(executable, instanceId, natsUrl, natsCreds, delivery, httpPort, handlerDefaults,
                maxDeliveries, backoffBase, backoffMax, drainTimeout, developmentProfile, newNatsTls);
    }

    public MeshConfig withProductionProfile() {
        return new MeshConfig(executable, instanceId, natsUrl, natsCreds, delivery, httpPort, handlerDefaults,
                maxDeliveries, backoffBase, backoffMax, drainTimeout, false, natsTls);
    }

    /** The NATS URL with any user and password masked. */
    public String natsUrlForLogs() {
        return Redaction.url(natsUrl);
    }

    @Override
    public String toString() {
        return "MeshConfig[executable=" + executable + ", instanceId=" + instanceId + ", natsUrl=" + natsUrlForLogs()
                + ", natsCreds=" + (natsCreds == null ? "none" : "set") + ", delivery=" + delivery + ", httpPort="
                + httpPort + ", handlerDefaults=" + handlerDefaults + ", maxDeliveries=" + maxDeliveries
                + ", backoff=" + backoffBase + ".." + backoffMax + ", development=" + developmentProfile + ", natsTls="
                + natsTls + "]";
    }
}
