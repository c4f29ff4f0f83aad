package io.mailmesh.smtpbridge.support;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** An Angus Mail client sending to the inbound listener, as a remote MTA would. */
public final class InboundClient {
    private final Session session;

    public InboundClient(int port) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", String.valueOf(port));
        p.setProperty("mail.smtp.connectiontimeout", "5000");
        p.setProperty("mail.smtp.timeout", "20000");
        session = Session.getInstance(p);
    }

    /** A mail with a fixed Message-ID, so that sending it again is a retry of the same mail. */
    public MimeMessage mail(String from, String subject, String body, String... to) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        message.setFrom(new InternetAddress(from));
        for (String rcpt : to) {
            message.addRecipient(RecipientType.TO, new InternetAddress(rcpt));
        }
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        message.setSentDate(new java.util.Date(1_700_000_000_000L));
        message.saveChanges();
        return message;
    }

    public void send(MimeMessage message) throws MessagingException {
        Transport.send(message);
    }
}
