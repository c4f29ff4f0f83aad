package io.mailmesh.smtpbridge.relay;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/** Turns Jakarta Mail failures into {@link RelayException}s with a reason and no secret. */
final class RelayFailures {
    private static final int MAX_TEXT = 300;

    private RelayFailures() {
    }

    static RelayException classify(SmtpTarget target, MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return new RelayException(RelayException.Kind.AUTH_FAILED, 535,
                    "SMTP server " + target.address() + " refused the login of " + target.username(), e);
        }
        int code = replyCode(e);
        if (code >= 500) {
            return new RelayException(RelayException.Kind.REFUSED, code,
                    "SMTP server " + target.address() + " refused the message: " + replyText(e), e);
        }
        if (code >= 400) {
            return new RelayException(RelayException.Kind.DEFERRED, code,
                    "SMTP server " + target.address() + " deferred the message: " + replyText(e), e);
        }
        return new RelayException(RelayException.Kind.UNREACHABLE, -1, "SMTP server " + target.address()
                + (timedOut(e) ? " did not answer in time" : " is unreachable") + ": " + causeText(e), e);
    }

    /** The first SMTP reply code found in the exception chain, or -1. */
    private static int replyCode(MessagingException e) {
        for (Exception cur = e; cur != null; cur = next(cur)) {
            if (cur instanceof SMTPSendFailedException f && f.getReturnCode() > 0) {
                return f.getReturnCode();
            }
            if (cur instanceof SMTPAddressFailedException f && f.getReturnCode() > 0) {
                return f.getReturnCode();
            }
            if (cur instanceof SMTPSenderFailedException f && f.getReturnCode() > 0) {
                return f.getReturnCode();
            }
        }
        return -1;
    }

    private static String replyText(MessagingException e) {
        for (Exception cur = e; cur != null; cur = next(cur)) {
            if (cur instanceof SMTPSendFailedException || cur instanceof SMTPAddressFailedException
                    || cur instanceof SMTPSenderFailedException) {
                return clean(cur.getMessage());
            }
        }
        return clean(e.getMessage());
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cur = e; cur != null; cur = cur.getCause()) {
            if (cur instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String causeText(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root instanceof IOException ? root.getClass().getSimpleName() + " " + root.getMessage()
                : root.getMessage();
        return clean(text);
    }

    private static Exception next(Exception e) {
        if (e instanceof MessagingException m && m.getNextException() != null && m.getNextException() != e) {
            return m.getNextException();
        }
        return null;
    }

    /** One line, bounded. */
    static String clean(String text) {
        if (text == null) {
            return "(no reply text)";
        }
        String line = text.replaceAll("[\\r\\n]+", " ").trim();
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "…" : line;
    }
}
