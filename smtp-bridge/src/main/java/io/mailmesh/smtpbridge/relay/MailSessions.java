package io.mailmesh.smtpbridge.relay;

import io.mailmesh.mesh.store.model.ServerSettings.Security;
import jakarta.mail.Session;
import java.util.Properties;

/** Jakarta Mail sessions configured for one {@link SmtpTarget}. */
public final class MailSessions {
    private MailSessions() {
    }

    /** A session whose "smtp" transport reaches {@code target} with its security and timeouts. */
    public static Session forTarget(SmtpTarget target) {
        Properties p = new Properties();
        String millis = String.valueOf(target.timeout().toMillis());
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", target.host());
        p.setProperty("mail.smtp.port", String.valueOf(target.port()));
        p.setProperty("mail.smtp.connectiontimeout", millis);
        p.setProperty("mail.smtp.timeout", millis);
        p.setProperty("mail.smtp.writetimeout", millis);
        p.setProperty("mail.smtp.auth", String.valueOf(target.authenticates()));
        if (target.xoauth2()) {
            p.setProperty("mail.smtp.auth.mechanisms", "XOAUTH2");
        }
        if (target.security() == Security.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        } else if (target.security() == Security.TLS) {
            p.setProperty("mail.smtp.ssl.enable", "true");
        }
        if (target.trustAll()) {
            p.setProperty("mail.smtp.ssl.trust", "*");
            p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        } else {
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return Session.getInstance(p);
    }

    /** A session for composing and parsing messages only (never connects). */
    public static Session composing() {
        Properties p = new Properties();
        p.setProperty("mail.mime.splitlongparameters", "true");
        return Session.getInstance(p);
    }
}
