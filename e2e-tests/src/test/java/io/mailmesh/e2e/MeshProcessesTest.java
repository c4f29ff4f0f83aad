package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.testing.NatsServerExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness that runs the executables as processes: a port picked for an instance can be taken by somebody else
 * before the instance's JVM binds it (CI saw smtp-bridge-2 exit so), and that must not fail the test that started it.
 */
class MeshProcessesTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void givenAnInstancesManagementPortTakenBeforeItBindsIt_whenAwaited_thenItIsStartedAgainOnNewPortsAndGetsReady()
            throws Exception {
        // given mq-worker's management port held by another listener
        try (MeshProcesses mesh = new MeshProcesses("MeshProcessesTest", nats.url(), "redis://127.0.0.1:1", 1)) {
            int picked = URI.create(mesh.managementUrl("mq-worker")).getPort();
            try (ServerSocket holder = new ServerSocket(picked)) {
                // when it is started and awaited
                mesh.start("mq-worker");
                mesh.awaitReady("mq-worker", Duration.ofSeconds(90));
            }

            // then its first start failed on that port, and it runs on another one
            Path log = Path.of("target", "e2e-logs", "MeshProcessesTest", "mq-worker.log");
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Address already in use");
            assertThat(URI.create(mesh.managementUrl("mq-worker")).getPort()).isNotEqualTo(picked);
            assertThat(mesh.metrics("mq-worker")).contains("jvm_");
        }
    }
}
