package io.mailmesh.mesh.testing;

import io.mailmesh.mesh.runtime.Provisioning;
import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private boolean operatorMode;
    private AuthDirectory auth;
    private NatsServer server;

    /**
     * A server in operator mode, as {@code bin/mesh up} runs it: the credentials of {@code nats-auth init} in a
     * temporary folder, streams and buckets provisioned with the operators' credentials; connect with
     * {@link #creds(String)}.
     */
    public static NatsServerExtension withOperatorAuth() {
        NatsServerExtension extension = new NatsServerExtension(true);
        extension.operatorMode = true;
        return extension;
    }

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
        if (operatorMode) {
            startInOperatorMode();
            return;
        }
        server.start();
    }

    private void startInOperatorMode() {
        try {
            Path dir = Files.createTempDirectory("mailmesh-nats-auth-");
            auth = AuthDirectory.init(dir, StoreSettings.DEFAULT_BUCKET_PREFIX,
                    Routes.ALL.stream().map(Route::subject).toList(), false).auth();
            server = new NatsServer().withConfig(auth.serverConfig());
            server.start();
            try (Connection ops = Nats.connect(Options.builder().server(server.url()).maxReconnects(0)
                    .maxControlLine(AuthDirectory.MAX_CONTROL_LINE)
                    .authHandler(Nats.credentials(creds(AuthDirectory.OPS).toString())).build())) {
                Provisioning.run(ops, StoreSettings.defaults(new byte[32]));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start nats-server in operator mode: " + e.getMessage(), e);
        }
    }

    /** The credentials file of an executable (or {@code ops}) on a server {@link #withOperatorAuth()}. */
    public Path creds(String user) {
        if (auth == null) {
            throw new IllegalStateException("this server runs without authentication");
        }
        return auth.creds(user);
    }

    /** Deletes every stream (orders, dead letters, buckets), so the next test starts from an empty JetStream. */
    public void deleteAllStreams() {
        try (Connection admin = Nats.connect(Options.builder().server(url()).maxReconnects(0).build())) {
            var jsm = admin.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                jsm.deleteStream(stream);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot empty JetStream: " + e.getMessage(), e);
        }
    }

    public AuthDirectory auth() {
        return auth;
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
