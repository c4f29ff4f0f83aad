package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.testing.EnvironmentScan;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

class MeshToolsTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine tools = MeshTools.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        return tools.execute(args);
    }

    @Test
    void everyToolHasHelpNamingEveryVariableTheToolsRead() {
        // when the help of the tools and of each tool is asked for
        StringBuilder help = new StringBuilder();
        for (String[] args : new String[][] {{"--help"}, {"mail", "--help"}, {"demo", "--help"}, {"tail", "--help"}}) {
            assertThat(run(args)).as(String.join(" ", args)).isZero();
            help.append(out);
        }

        // then each exits 0, and together they name every environment variable the tools' sources read
        assertThat(help).contains("mail", "demo", "tail", "--api-url", "--wait", "--smtp-port");
        EnvironmentScan.assertHelpNames(help.toString(), EnvironmentScan.variablesReadIn("e2e-tests"),
                "the tools jar");
    }

    @Test
    void noToolNamedIsAUsageErrorThatListsTheTools() {
        // when the jar is run without a tool
        int exit = run();

        // then it says what to name, with the usage, and exits 2
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("name a tool", "mail", "demo", "tail");
    }

    @Test
    void tailSaysInOneLineThatNatsCannotBeReached() throws IOException {
        // given a port nothing listens on
        int closed = closedPort();

        // when tail is pointed at it
        int exit = run("tail", "nats://127.0.0.1:" + closed);

        // then it fails with one line naming the server, no stack trace
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("\tat ")
                .startsWith("tail: cannot reach NATS at nats://127.0.0.1:" + closed);
    }

    @Test
    void demoSaysInOneLineThatTheApiCannotBeReached() throws IOException {
        // given a running NATS but no API
        int closed = closedPort();

        // when the demo runs against them
        int exit = run("demo", "--nats-url", nats.url(), "--api-url", "http://127.0.0.1:" + closed);

        // then it fails with one line naming the API, no stack trace
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("\tat ")
                .startsWith("demo: cannot reach the API at http://127.0.0.1:" + closed);
    }

    @Test
    void binMeshHelpExitsZero() throws Exception {
        // when bin/mesh --help runs
        Process mesh = new ProcessBuilder("bash", "bin/mesh", "--help").directory(Path.of("..").toFile())
                .redirectErrorStream(true).start();
        String usage = new String(mesh.getInputStream().readAllBytes());

        // then it shows the usage and succeeds
        assertThat(mesh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mesh.exitValue()).isZero();
        assertThat(usage).contains("bin/mesh up", "bin/mesh demo", "bin/mesh tail");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
