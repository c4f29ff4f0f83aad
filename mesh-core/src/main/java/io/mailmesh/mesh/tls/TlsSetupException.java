package io.mailmesh.mesh.tls;

/** A TLS file or setting that cannot be used; the message names the setting and the file, never a secret. */
public final class TlsSetupException extends IllegalStateException {
    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
