package io.mailmesh.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/mesh demo}: runs {@link DemoScenario} against a running mesh and prints each order crossing NATS. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the demo scenario through the REST API of a running mesh, printing each step, what it "
                + "waits for and each order crossing NATS.",
        footer = {"%nRead from the environment only:",
                "  MAIL_PASSWORD     password of the IMAP account (default demo)",
                "  NATS_CREDS        NATS credentials (bin/mesh: .mesh/auth/creds/ops.creds)",
                "  MESH_LOG_LEVEL    log level (default INFO)"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--api-url", paramLabel = "URL", defaultValue = "${env:API_URL:-http://127.0.0.1:8080}",
            description = "api-emitter's base URL (env API_URL, default ${DEFAULT-VALUE})")
    String apiUrl;

    @Option(names = "--nats-url", paramLabel = "URL", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4250}",
            description = "NATS server to watch the orders on (env NATS_URL, default ${DEFAULT-VALUE})")
    String natsUrl;

    @Option(names = "--mail-host", paramLabel = "HOST", defaultValue = "${env:MAIL_HOST:-127.0.0.1}",
            description = "the development mail server's host (env MAIL_HOST, default ${DEFAULT-VALUE})")
    String mailHost;

    @Option(names = "--mail-smtp-port", paramLabel = "PORT", defaultValue = "${env:MAIL_SMTP_PORT:-3025}",
            description = "its SMTP port (env MAIL_SMTP_PORT, default ${DEFAULT-VALUE})")
    int smtpPort;

    @Option(names = "--mail-imap-port", paramLabel = "PORT", defaultValue = "${env:MAIL_IMAP_PORT:-3143}",
            description = "its IMAP port (env MAIL_IMAP_PORT, default ${DEFAULT-VALUE})")
    int imapPort;

    @Option(names = "--mail-user", paramLabel = "LOGIN", defaultValue = "${env:MAIL_USER:-demo}",
            description = "IMAP login of the demo account (env MAIL_USER, default ${DEFAULT-VALUE})")
    String mailUser;

    @Option(names = "--mail-address", paramLabel = "EMAIL", defaultValue = "${env:MAIL_ADDRESS:-demo@mailmesh.local}",
            description = "address of the demo account (env MAIL_ADDRESS, default ${DEFAULT-VALUE})")
    String mailAddress;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "${env:DEMO_WAIT_SECONDS:-150}",
            description = "how long to wait for the IMAP mail to come in (env DEMO_WAIT_SECONDS, default "
                    + "${DEFAULT-VALUE})")
    long waitSeconds;

    @Override
    public Integer call() throws Exception {
        DemoScenario.Settings settings = new DemoScenario.Settings(apiUrl, mailHost, imapPort, mailHost, smtpPort,
                mailUser, mailPassword(), mailAddress, 1, Duration.ofSeconds(waitSeconds));
        try (MeshTail tail = MeshTail.open(natsUrl, line -> System.out.println("   nats " + line))) {
            DemoScenario.Outcome outcome = new DemoScenario(settings, System.out::println).run();
            System.out.println("demo done: user " + outcome.userId() + ", " + outcome.messages().size()
                    + " messages; the IMAP mail is " + outcome.inbound().path("id").asText());
        }
        return 0;
    }

    /** The demo account's password: from the environment only, like every password. */
    static String mailPassword() {
        String password = System.getenv("MAIL_PASSWORD");
        return password == null || password.isBlank() ? "demo" : password.strip();
    }
}
