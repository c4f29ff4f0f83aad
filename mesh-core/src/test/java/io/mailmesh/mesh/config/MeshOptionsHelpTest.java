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
        String help = new CommandLine(new SomeWorker()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        // then
        assertThat(help).contains("A worker.", "NATS_URL", "NATS_CREDS", "NATS_TLS_CA", "NATS_TLS_CERT",
                "NATS_TLS_KEY", "NATS_TLS_VERIFY_HOSTNAME", "MESH_SECRET_KEY ", "MESH_SECRET_KEYS_OLD");
    }

    @Test
    void hostNameVerificationIsOnByDefault() {
        // given
        SomeWorker worker = new SomeWorker();
        new CommandLine(worker).parseArgs();
        // when
        NatsTls tls = worker.mesh.toConfig("some-worker").natsTls();
        // then (unless the build's environment turns it off)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("NATS_TLS_VERIFY_HOSTNAME") == null);
        assertThat(tls.verifyHostname()).isTrue();
        assertThat(new CommandLine(new SomeWorker()).parseArgs("--nats-tls-verify-hostname", "false").hasMatchedOption(
                "--nats-tls-verify-hostname")).isTrue();
    }
}
