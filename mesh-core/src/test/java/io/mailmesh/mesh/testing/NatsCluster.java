package io.mailmesh.mesh.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Real clustered {@code nats-server}s on loopback: each with its own client port, route port, JetStream and data
 * folder, routes to every other node, all in one cluster named {@code mailmesh-test}. A node can be killed
 * (SIGKILL) and restarted on the same ports and data, as after a crash. Use it through
 * {@link NatsClusterExtension}.
 */
public final class NatsCluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<Node> nodes = new ArrayList<>();
    private final Path authConfig;

    /**
     * @param size       nodes (3 for R3 streams)
     * @param authConfig the operator-mode configuration of {@code nats-auth init} every node includes, or null
     */
    public NatsCluster(int size, Path authConfig) {
        this.authConfig = authConfig;
        List<Integer> routePorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            routePorts.add(FreePorts.next());
        }
        for (int i = 0; i < size; i++) {
            nodes.add(new Node(i, routePorts));
        }
    }

    /** Starts every node (they find each other through their routes) and waits until JetStream answers. */
    public NatsCluster start(Consumer<Options.Builder> auth) {
        nodes.forEach(Node::startProcess);
        awaitJetStream(auth);
        return this;
    }

    /** The client URLs of every node, comma-separated, as {@code NATS_URL} takes them. */
    public String urls() {
        return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
    }

    public List<String> urlList() {
        return nodes.stream().map(NatsServer::url).toList();
    }

    public Node node(int index) {
        return nodes.get(index);
    }

    public int size() {
        return nodes.size();
    }

    /** SIGKILL of one node, as a crash. */
    public void kill(int index) {
        nodes.get(index).kill();
    }

    /** Starts a killed node again on its ports and data, and waits until the cluster's JetStream answers. */
    public void restart(int index, Consumer<Options.Builder> auth) {
        nodes.get(index).startProcess();
        awaitJetStream(auth);
    }

    /**
     * Waits until the JetStream API answers through every running node: the cluster has a meta leader and each
     * node has caught up enough to take requests.
     */
    public void awaitJetStream(Consumer<Options.Builder> auth) {
        for (Node node : nodes) {
            if (node.isRunning()) {
                node.awaitJetStream(auth);
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
    }

    /** One clustered nats-server: a {@link NatsServer} run from a configuration that adds the cluster block. */
    public final class Node extends NatsServer {
        private final int index;
        private final int routePort;
        private final List<Integer> routePorts;

        Node(int index, List<Integer> routePorts) {
            this.index = index;
            this.routePort = routePorts.get(index);
            this.routePorts = routePorts;
            withConfig(dataDir().resolve("node.conf"));
        }

        public int index() {
            return index;
        }

        public String name() {
            return "n" + index + "-" + port();
        }

        void startProcess() {
            writeConfig();
            start();
        }

        private void writeConfig() {
            Path file = dataDir().resolve("node.conf");
            StringBuilder conf = new StringBuilder();
            if (authConfig != null) {
                // nats-server resolves an include against the including file's folder, never as an absolute path
                conf.append("include \"").append(dataDir().relativize(authConfig.toAbsolutePath())).append("\"\n");
            }
            conf.append("server_name: ").append(name()).append('\n')
                    .append("cluster {\n  name: mailmesh-test\n  listen: 127.0.0.1:").append(routePort).append('\n')
                    .append("  routes: [\n");
            for (int port : routePorts) {
                if (port != routePort) {
                    conf.append("    nats-route://127.0.0.1:").append(port).append('\n');
                }
            }
            conf.append("  ]\n}\n");
            try {
                Files.writeString(file, conf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void awaitJetStream(Consumer<Options.Builder> auth) {
            Instant deadline = Instant.now().plus(READY_TIMEOUT);
            Exception last = null;
            while (Instant.now().isBefore(deadline)) {
                Options.Builder options = Options.builder().server(url()).maxReconnects(0)
                        .connectionTimeout(Duration.ofSeconds(2))
                        .maxControlLine(io.mailmesh.mesh.security.AuthDirectory.MAX_CONTROL_LINE);
                auth.accept(options);
                try (Connection connection = Nats.connect(options.build())) {
                    connection.jetStreamManagement().getAccountStatistics();
                    return;
                } catch (IOException | JetStreamApiException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            throw new IllegalStateException(name() + ": JetStream did not answer within " + READY_TIMEOUT + " ("
                    + last + "): " + tail());
        }
    }
}
