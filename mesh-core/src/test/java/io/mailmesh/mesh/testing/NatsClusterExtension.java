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
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-node nats-server cluster per test class, the cluster counterpart of {@link NatsServerExtension}:
 * {@code @RegisterExtension static NatsClusterExtension cluster = NatsClusterExtension.withOperatorAuth();}.
 * Streams and buckets are provisioned with {@value #REPLICAS} replicas; {@link #kill(int)} and {@link #restart(int)}
 * crash and bring back one node.
 */
public class NatsClusterExtension implements BeforeAllCallback, AfterAllCallback {
    public static final int REPLICAS = 3;

    private final int size;
    private boolean operatorMode;
    private AuthDirectory auth;
    private NatsCluster cluster;

    /** Three nodes in operator mode, as {@code bin/mesh up --cluster 3} runs them; connect with {@link #creds}. */
    public static NatsClusterExtension withOperatorAuth() {
        NatsClusterExtension extension = new NatsClusterExtension(REPLICAS);
        extension.operatorMode = true;
        return extension;
    }

    /** Nodes without authentication. */
    public NatsClusterExtension(int size) {
        this.size = size;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path authConfig = null;
        if (operatorMode) {
            Path dir = Files.createTempDirectory("mailmesh-nats-auth-");
            auth = AuthDirectory.init(dir, StoreSettings.DEFAULT_BUCKET_PREFIX,
                    Routes.ALL.stream().map(Route::subject).toList(), false).auth();
            authConfig = auth.serverConfig();
        }
        cluster = new NatsCluster(size, authConfig).start(this::asOperator);
        try (Connection ops = connect()) {
            Provisioning.run(ops, new StoreSettings(size >= REPLICAS ? REPLICAS : 1, StoreSettings.Storage.FILE,
                    new byte[32], StoreSettings.DEFAULT_MAX_RAW_MESSAGE_BYTES, StoreSettings.DEFAULT_BUCKET_PREFIX));
        }
    }

    /** A connection to every node with the operators' credentials (or none without auth), reconnecting forever. */
    public Connection connect() throws Exception {
        Options.Builder options = Options.builder().servers(cluster.urlList().toArray(String[]::new))
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).connectionTimeout(Duration.ofSeconds(5))
                .maxControlLine(AuthDirectory.MAX_CONTROL_LINE);
        asOperator(options);
        return Nats.connect(options.build());
    }

    private void asOperator(Options.Builder options) {
        if (auth != null) {
            options.authHandler(Nats.credentials(auth.creds(AuthDirectory.OPS).toString()));
        }
    }

    /** The operators' credentials for a fixture's own connections ({@link NatsCluster#awaitJetStream}). */
    public Consumer<Options.Builder> operatorAuth() {
        return this::asOperator;
    }

    /** The credentials file of an executable (or {@code ops}). */
    public Path creds(String user) {
        if (auth == null) {
            throw new IllegalStateException("this cluster runs without authentication");
        }
        return auth.creds(user);
    }

    public AuthDirectory auth() {
        return auth;
    }

    /** Every node's client URL, comma-separated ({@code NATS_URL}). */
    public String urls() {
        return cluster.urls();
    }

    public NatsCluster cluster() {
        return cluster;
    }

    /** The index of the node that leads {@code stream} now (its writes go through that node). */
    public int leaderOf(String stream) throws Exception {
        try (Connection ops = connect()) {
            String leader = ops.jetStreamManagement().getStreamInfo(stream).getClusterInfo().getLeader();
            for (int i = 0; i < cluster.size(); i++) {
                if (cluster.node(i).name().equals(leader)) {
                    return i;
                }
            }
            throw new IllegalStateException("no node is named " + leader);
        }
    }

    /** SIGKILL of node {@code index}. */
    public void kill(int index) {
        cluster.kill(index);
    }

    /** Starts node {@code index} again on its ports and data; returns once JetStream answers through every node. */
    public void restart(int index) {
        cluster.restart(index, this::asOperator);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }
}
