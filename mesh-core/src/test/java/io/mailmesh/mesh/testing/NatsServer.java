package io.mailmesh.mesh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code nats-server} (JetStream on, data in its own folder) on a random loopback port. Use it through
 * {@link NatsServerExtension} in tests; {@code new NatsServer().withoutJetStream()} gives a core-only server,
 * {@code withTls(…)} one that accepts TLS clients only (and {@code withClientVerification(…)} mutual TLS).
 */
public class NatsServer extends ServerProcess {
    private boolean jetStream = true;
    private Path config;
    private TestCertificates.Pem tls;
    private Path clientCa;

    public NatsServer() {
        super("nats");
    }

    protected boolean jetStream() {
        return jetStream;
    }

    public NatsServer withoutJetStream() {
        this.jetStream = false;
        return this;
    }

    /**
     * Runs the server from a configuration file, e.g. the operator-mode {@code nats-server.conf} of
     * {@code nats-auth init} ({@link io.mailmesh.mesh.security.AuthDirectory}); port and data folder stay the test's.
     */
    public NatsServer withConfig(Path config) {
        this.config = config;
        return this;
    }

    /** Requires TLS of every client, with this certificate and key (PEM files). */
    public NatsServer withTls(TestCertificates.Pem certificate) {
        this.tls = certificate;
        return this;
    }

    /** Requires a client certificate signed by a CA of this PEM bundle (mutual TLS); with {@link #withTls}. */
    public NatsServer withClientVerification(Path caFile) {
        this.clientCa = caFile;
        return this;
    }

    /** The URL by which a client asks for TLS: {@code tls://127.0.0.1:<port>}. */
    public String tlsUrl() {
        return "tls://127.0.0.1:" + port();
    }

    public String url() {
        return "nats://127.0.0.1:" + port();
    }

    public static boolean isInstalled() {
        return findBinary("nats-server").isPresent();
    }

    @Override
    protected List<String> command() {
        Path binary = findBinary("nats-server").orElseThrow(() -> new IllegalStateException(
                "nats-server is not installed: apt-get install -y nats-server (2.9 or newer)"));
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port())));
        if (config != null) {
            // no -n: nats-server 2.9 refuses to reload a configuration when a name given on the command line is not
            // in the file
            cmd.addAll(List.of("-c", config.toString()));
        } else {
            cmd.addAll(List.of("-n", "mailmesh-test-" + port()));
        }
        if (tls != null) {
            cmd.addAll(List.of("--tls", "--tlscert", tls.certificate().toString(), "--tlskey", tls.key().toString()));
        }
        if (clientCa != null) {
            cmd.addAll(List.of("--tlsverify", "--tlscacert", clientCa.toString()));
        }
        if (jetStream) {
            cmd.addAll(List.of("-js", "-sd", dataDir().resolve("jetstream").toString()));
        }
        return cmd;
    }

    @Override
    protected boolean isReady() {
        try {
            return Files.readString(logFile()).lastIndexOf("Server is ready") > Math.max(0,
                    Files.readString(logFile()).lastIndexOf("Starting nats-server") - 1);
        } catch (IOException e) {
            return false;
        }
    }
}
