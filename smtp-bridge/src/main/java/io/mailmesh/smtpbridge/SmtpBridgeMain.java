package io.mailmesh.smtpbridge;

import io.mailmesh.mesh.config.EnvVariable;
import io.mailmesh.mesh.config.EnvironmentHelp;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.MeshOptions;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshStoreModule;
import io.mailmesh.mesh.store.model.ServerSettings.Security;
import io.mailmesh.smtpbridge.relay.SmtpTarget;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The smtp-bridge executable: parses its configuration and runs the worker. */
@Command(name = "smtp-bridge", mixinStandardHelpOptions = true,
        description = "Sends drafts (deliver on outboundSMTP) and receives mail for local identities (inbound SMTP "
                + "listener emitting process_inbound on inboundSMTP).")
public final class SmtpBridgeMain implements Callable<Integer> {
    static final EnvVariable RELAY_PASSWORD = new EnvVariable("SMTP_RELAY_PASSWORD",
            "password of --relay-user at the SMTP relay");

    @Mixin
    MeshOptions mesh;

    @Option(names = "--relay-host", paramLabel = "HOST", defaultValue = "${env:SMTP_RELAY_HOST:-127.0.0.1}",
            description = "SMTP relay for local identities (env SMTP_RELAY_HOST, default ${DEFAULT-VALUE})")
    String relayHost;

    @Option(names = "--relay-port", paramLabel = "PORT", defaultValue = "${env:SMTP_RELAY_PORT:-25}",
            description = "relay port (env SMTP_RELAY_PORT, default ${DEFAULT-VALUE})")
    int relayPort;

    @Option(names = "--relay-user", paramLabel = "USER", defaultValue = "${env:SMTP_RELAY_USER}",
            description = "relay login, none when empty (env SMTP_RELAY_USER); the password is read from env "
                    + "SMTP_RELAY_PASSWORD only")
    String relayUser;

    @Option(names = "--relay-security", paramLabel = "MODE", defaultValue = "${env:SMTP_RELAY_SECURITY:-none}",
            description = "none, starttls or tls (env SMTP_RELAY_SECURITY, default ${DEFAULT-VALUE})")
    String relaySecurity;

    @Option(names = "--relay-trust-all", paramLabel = "BOOL", defaultValue = "${env:SMTP_RELAY_TRUST_ALL:-false}",
            arity = "1", description = "accept any relay certificate, for test relays only "
                    + "(env SMTP_RELAY_TRUST_ALL, default ${DEFAULT-VALUE})")
    boolean relayTrustAll;

    @Option(names = "--relay-timeout", paramLabel = "SECONDS", defaultValue = "${env:SMTP_RELAY_TIMEOUT:-30}",
            description = "connect/read/write timeout towards SMTP servers (env SMTP_RELAY_TIMEOUT, default "
                    + "${DEFAULT-VALUE})")
    int relayTimeoutSeconds;

    @Option(names = "--primary-host", paramLabel = "DOMAIN", defaultValue = "${env:SMTP_PRIMARY_HOST:-localhost}",
            description = "domain of the Message-IDs of sent mail (env SMTP_PRIMARY_HOST, default ${DEFAULT-VALUE})")
    String primaryHost;

    @Option(names = "--listen", paramLabel = "[HOST:]PORT", defaultValue = "${env:SMTP_LISTEN:-2525}",
            description = "inbound SMTP listen address (env SMTP_LISTEN, default ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "${env:SMTP_MAX_SIZE:-26214400}",
            description = "largest inbound mail (env SMTP_MAX_SIZE, default ${DEFAULT-VALUE} = 25 MiB)")
    int maxSize;

    @Option(names = "--hostname", paramLabel = "NAME", defaultValue = "${env:SMTP_HOSTNAME}",
            description = "host name the listener greets with (env SMTP_HOSTNAME, default the primary host)")
    String hostName;

    @Option(names = "--inbound-timeout", paramLabel = "SECONDS", defaultValue = "${env:SMTP_INBOUND_TIMEOUT:-30}",
            description = "seconds each process_inbound request may take before the mail gets a 451 "
                    + "(env SMTP_INBOUND_TIMEOUT, default ${DEFAULT-VALUE})")
    int inboundTimeoutSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:SMTP_MAX_CONNECTIONS:-100}",
            description = "inbound SMTP sessions at once; more are greeted with 421 (env SMTP_MAX_CONNECTIONS, "
                    + "default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--spool-dir", paramLabel = "DIR", defaultValue = "${env:SMTP_SPOOL_DIR}",
            description = "folder of the temporary files holding inbound mail larger than --spool-memory until it "
                    + "is stored (env SMTP_SPOOL_DIR, default the system's temporary folder)")
    String spoolDir;

    @Option(names = "--spool-memory", paramLabel = "BYTES", defaultValue = "${env:SMTP_SPOOL_MEMORY:-262144}",
            description = "heap bytes of one inbound mail before the rest goes to a temporary file "
                    + "(env SMTP_SPOOL_MEMORY, default ${DEFAULT-VALUE} = 256 KiB)")
    int spoolMemory;

    @Override
    public Integer call() {
        MeshConfig config = mesh.toConfig("smtp-bridge");
        return MeshApp.run(config, mesh.jsonLogs(), new MeshStoreModule(), new SmtpBridgeModule(settings()));
    }

    SmtpBridgeSettings settings() {
        Security security = switch (relaySecurity.trim().toLowerCase(Locale.ROOT)) {
            case "none", "" -> Security.NONE;
            case "starttls" -> Security.STARTTLS;
            case "tls", "ssl" -> Security.TLS;
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "SMTP_RELAY_SECURITY must be none, starttls or tls, got " + relaySecurity);
        };
        SmtpTarget relay = new SmtpTarget(relayHost, relayPort, security, relayUser,
                RELAY_PASSWORD.read(), false, relayTrustAll, Duration.ofSeconds(relayTimeoutSeconds));
        SmtpBridgeSettings.Listen address = SmtpBridgeSettings.Listen.parse(listen);
        return new SmtpBridgeSettings(relay, primaryHost, address.host(), address.port(), maxSize, hostName,
                Duration.ofSeconds(inboundTimeoutSeconds), SmtpBridgeSettings.DEFAULT_CLAIM_LEASE, maxConnections,
                new SmtpBridgeSettings.Spool(spoolDir == null || spoolDir.isBlank()
                        ? java.nio.file.Path.of(System.getProperty("java.io.tmpdir")) : java.nio.file.Path.of(spoolDir),
                        spoolMemory));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, its {@code --help} naming every setting the executable reads. */
    static picocli.CommandLine commandLine() {
        return EnvironmentHelp.meshCommand(new SmtpBridgeMain(), List.of(RELAY_PASSWORD));
    }
}
