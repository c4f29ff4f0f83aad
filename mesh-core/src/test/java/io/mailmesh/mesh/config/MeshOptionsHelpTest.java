package io.mailmesh.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class MeshOptionsHelpTest {
    /** Shaped as every executable's main class: its own description, the shared options mixed in. */
    @Command(name = "some-worker", mixinStandardHelpOptions = true, description = "A worker.")
    static final class SomeWorker {
        @Mixin
        MeshOptions mesh;
    }

    @Test
    void helpListsEveryTrustSetting() {
        // when
        String help = EnvironmentHelp.meshCommand(new SomeWorker(), java.util.List.of())
                .getUsageMessage(CommandLine.Help.Ansi.OFF);
        // then
        assertThat(help).contains("A worker.", "NATS_URL", "NATS_CREDS", "NATS_TLS_CA", "NATS_TLS_CERT",
                "NATS_TLS_KEY", "NATS_TLS_VERIFY_HOSTNAME", "MESH_SECRET_KEY ", "MESH_SECRET_KEYS_OLD", "MESH_REPLICAS");
    }

    @Test
    void helpListsEveryVariableMeshCoreReads() {
        // when an executable's help is shown with mesh-core's environment registry
        String help = EnvironmentHelp.meshCommand(new SomeWorker(), java.util.List.of(
                new EnvVariable("SOME_WORKER_SECRET", "a worker's own secret, with a % sign")))
                .getUsageMessage(CommandLine.Help.Ansi.OFF);
        // then it names every variable mesh-core reads, the worker's own too, each on its line
        io.mailmesh.mesh.testing.EnvironmentScan.assertHelpNamesEveryVariable(help, "mesh-core");
        assertThat(help).contains("MESH_STORE_REPLICAS", "MESH_ORDERS_MAX_BYTES", "MESH_LOG_LEVEL",
                "SOME_WORKER_SECRET", "with a % sign");
    }

    @Test
    void hostNameVerificationIsOnByDefault() {
        // given the option as declared, before the build's environment is read into it
        CommandLine raw = new CommandLine(new SomeWorker());
        raw.setInterpolateVariables(false);
        // when
        String declared = raw.getCommandSpec().findOption("--nats-tls-verify-hostname").defaultValue();
        // then without NATS_TLS_VERIFY_HOSTNAME it is on, and the flag turns it off
        assertThat(declared).isEqualTo("${env:NATS_TLS_VERIFY_HOSTNAME:-true}");
        SomeWorker off = new SomeWorker();
        new CommandLine(off).parseArgs("--nats-tls-verify-hostname", "false");
        assertThat(off.mesh.toConfig("some-worker").natsTls().verifyHostname()).isFalse();
        SomeWorker on = new SomeWorker();
        new CommandLine(on).parseArgs("--nats-tls-verify-hostname", "true");
        assertThat(on.mesh.toConfig("some-worker").natsTls().verifyHostname()).isTrue();
    }
}
