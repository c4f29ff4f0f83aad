package io.mailmesh.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.concurrent.CountDownLatch;

/**
 * The development mail server of {@code bin/mesh up} and the compose file: GreenMail with an SMTP relay (every
 * recipient gets a mailbox, login and password its address) and an IMAP account for the demo. Settings:
 * {@code MAIL_BIND} (127.0.0.1), {@code MAIL_SMTP_PORT} (3025), {@code MAIL_IMAP_PORT} (3143),
 * {@code MAIL_USER} / {@code MAIL_PASSWORD} / {@code MAIL_ADDRESS} (demo / demo / demo@mailmesh.local).
 * Runs until the process is stopped.
 */
public final class DevMailServer {
    private DevMailServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        String bind = MeshTools.env("MAIL_BIND", "127.0.0.1");
        int smtp = Integer.parseInt(MeshTools.env("MAIL_SMTP_PORT", "3025"));
        int imap = Integer.parseInt(MeshTools.env("MAIL_IMAP_PORT", "3143"));
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtp, bind, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, bind, ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(MeshTools.env("MAIL_ADDRESS", "demo@mailmesh.local"), MeshTools.env("MAIL_USER", "demo"),
                MeshTools.env("MAIL_PASSWORD", "demo"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mail.stop();
            stopped.countDown();
        }, "mail-stop"));
        System.out.printf("development mail server: SMTP %s:%d, IMAP %s:%d%n", bind, smtp, bind, imap);
        stopped.await();
    }
}
