package io.mailmesh.imapbridge.imap;

/**
 * An IMAP server could not be used for an identity. The message never holds a secret.
 */
public final class ImapFailure extends Exception {
    /** What went wrong. */
    public enum Kind {
        /** The server refused the login or token. */
        AUTHENTICATION,
        /** The server could not be reached, the TLS handshake failed or the connection dropped. */
        CONNECTION,
        /** The identity has no usable IMAP settings or credentials. */
        CONFIGURATION
    }

    private final Kind kind;

    public ImapFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
