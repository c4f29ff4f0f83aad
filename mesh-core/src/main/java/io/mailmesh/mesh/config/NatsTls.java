package io.mailmesh.mesh.config;

import java.nio.file.Path;

/**
 * TLS towards the NATS servers. Paths only: the key file's contents are read when the connection is made and never
 * kept or printed.
 *
 * @param caFile         PEM bundle of the certificate authorities that sign the servers' certificates; null trusts
 *                       the JVM's default authorities
 * @param certFile       PEM client certificate (chain) for mutual TLS, or null
 * @param keyFile        PEM PKCS#8 private key of {@code certFile}, or null
 * @param verifyHostname whether a server's certificate must name the host in the URL (off only for test servers)
 */
public record NatsTls(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {
    /** No CA, no client certificate: TLS only where a URL says {@code tls://}, against the JVM's authorities. */
    public static final NatsTls DEFAULTS = new NatsTls(null, null, null, true);

    public NatsTls {
        caFile = unlessBlank(caFile);
        certFile = unlessBlank(certFile);
        keyFile = unlessBlank(keyFile);
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("NATS_TLS_CERT and NATS_TLS_KEY go together: set both for mutual "
                    + "TLS, or neither");
        }
    }

    /** TLS is on when a URL says {@code tls://} or a CA bundle or client certificate is set. */
    public boolean enabledFor(String natsUrl) {
        return caFile != null || certFile != null || natsUrl.toLowerCase(java.util.Locale.ROOT).contains("tls://");
    }

    public boolean hasClientCertificate() {
        return certFile != null;
    }

    public NatsTls withoutHostnameVerification() {
        return new NatsTls(caFile, certFile, keyFile, false);
    }

    /** An unset environment variable reaches picocli as an empty path. */
    private static Path unlessBlank(Path path) {
        return path == null || path.toString().isBlank() ? null : path;
    }
}
