package io.mailmesh.mesh.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real nats-server per test class: {@code @RegisterExtension static NatsServerExtension nats = new
 * NatsServerExtension();}. Where no binary is installed but a Docker daemon runs, a container stands in
 * ({@link DockerNats}); kill and restart then act on the container.
 */
public class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final boolean jetStream;
    private NatsServer server;

    public NatsServerExtension() {
        this(true);
    }

    public NatsServerExtension(boolean jetStream) {
        this.jetStream = jetStream;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = NatsServer.isInstalled() || !DockerNats.isAvailable() ? new NatsServer() : new DockerNats();
        if (!jetStream) {
            server.withoutJetStream();
        }
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public NatsServer server() {
        return server;
    }

    public String url() {
        return server.url();
    }
}
