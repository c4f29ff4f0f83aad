package io.mailmesh.smtpbridge.relay;

/**
 * Sending through an SMTP server failed. The message is safe to show a requester: it holds the server's reply text
 * but never a credential.
 */
public final class RelayException extends Exception {
    /** What went wrong. */
    public enum Kind {
        /** The server refused for good (5xx): the message as it stands will not go. */
        REFUSED,
        /** The server deferred (4xx): try again later. */
        DEFERRED,
        /** The server could not be reached, or did not answer in time. */
        UNREACHABLE,
        /** The server refused the login. */
        AUTH_FAILED
    }

    private final Kind kind;
    private final int returnCode;

    public RelayException(Kind kind, int returnCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.returnCode = returnCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The SMTP reply code, or -1 when there was none. */
    public int returnCode() {
        return returnCode;
    }
}
