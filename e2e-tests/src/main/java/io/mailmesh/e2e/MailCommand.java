package io.mailmesh.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The development mail server of {@code bin/mesh up} and the compose file: GreenMail with an SMTP relay (every
 * recipient gets a mailbox, login and password its address) and an IMAP account for the demo. Runs until stopped.
 */
@Command(name = "mail", mixinStandardHelpOptions = true,
        description = "Development mail server (GreenMail): SMTP relay and the demo's IMAP account; runs until "
                + "stopped.",
        footer = {"%nRead from the environment only:",
                "  MAIL_PASSWORD     password of the IMAP account (default demo)",
                "  MESH_LOG_LEVEL    log level (default INFO)"})
final class MailCommand implements Callable<Integer> {
    @Option(names = "--bind", paramLabel = "HOST", defaultValue = "${env:MAIL_BIND:-127.0.0.1}",
            description = "address to listen on (env MAIL_BIND, default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "${env:MAIL_SMTP_PORT:-3025}",
            description = "SMTP relay port (env MAIL_SMTP_PORT, default ${DEFAULT-VALUE})")
    int smtpPort;

    @Option(names = "--imap-port", paramLabel = "PORT", defaultValue = "${env:MAIL_IMAP_PORT:-3143}",
            description = "IMAP port (env MAIL_IMAP_PORT, default ${DEFAULT-VALUE})")
    int imapPort;

    @Option(names = "--user", paramLabel = "LOGIN", defaultValue = "${env:MAIL_USER:-demo}",
            description = "IMAP login of the demo account (env MAIL_USER, default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--address", paramLabel = "EMAIL", defaultValue = "${env:MAIL_ADDRESS:-demo@mailmesh.local}",
            description = "address of the demo account (env MAIL_ADDRESS, default ${DEFAULT-VALUE})")
    String address;

    @Override
    public Integer call() throws InterruptedException {
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, bind, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, bind, ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(address, user, DemoCommand.mailPassword());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mail.stop();
            stopped.countDown();
        }, "mail-stop"));
        System.out.printf("development mail server: SMTP %s:%d, IMAP %s:%d%n", bind, smtpPort, bind, imapPort);
        stopped.await();
        return 0;
    }
}
