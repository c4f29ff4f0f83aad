package io.mailmesh.mesh.testing;

import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The fallback where no nats-server binary is installed but a Docker daemon runs: the official image, bound to the
 * same fixed loopback port and data folder across restarts so tests behave as with the binary.
 */
class DockerNats extends NatsServer {
    private GenericContainer<?> container;

    static boolean isAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> args = jetStream() ? List.of("-js", "-sd", "/data") : List.of();
        container = new GenericContainer<>("nats:2.10-alpine").withCommand(args.toArray(String[]::new))
                .withFileSystemBind(dataDir().toString(), "/data")
                .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
        container.setPortBindings(List.of("127.0.0.1:" + port() + ":4222"));
        container.start();
    }

    @Override
    public synchronized boolean isRunning() {
        return container != null && container.isRunning();
    }

    @Override
    public synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public synchronized void kill() {
        if (container != null) {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
            container.stop();
            container = null;
        }
    }
}
