package io.mailmesh.mesh.tls;

import javax.net.ssl.SSLException;

/**
 * Turns a failed TLS handshake with NATS into a sentence naming the setting to look at; the JDK's messages
 * ("PKIX path building failed…") do not say which file or variable is involved.
 */
public final class NatsTlsFailures {
    private NatsTlsFailures() {
    }

    /** The explanation of {@code failure} if a TLS problem is among its causes, otherwise its own text. */
    public static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
                return explainTls(String.valueOf(t.getMessage())) + " (" + t.getMessage() + ")";
            }
        }
        return String.valueOf(failure);
    }

    private static String explainTls(String message) {
        if (message.contains("PKIX path") || message.contains("unable to find valid certification path")) {
            return "TLS with NATS failed: the server's certificate is not signed by a CA in NATS_TLS_CA (or the "
                    + "JVM's CAs when NATS_TLS_CA is not set)";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "TLS with NATS failed: the server's certificate does not name the host of NATS_URL; connect by a "
                    + "name the certificate holds";
        }
        if (message.contains("certificate_required") || message.contains("bad_certificate")) {
            return "TLS with NATS failed: the server requires a client certificate it trusts; set NATS_TLS_CERT and "
                    + "NATS_TLS_KEY";
        }
        return "TLS with NATS failed";
    }
}
