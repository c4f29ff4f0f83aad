package io.mailmesh.mesh.tls;

import io.mailmesh.mesh.config.NatsTls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the {@link SSLContext} of the NATS connection from {@link NatsTls}'s PEM files. */
public final class NatsSslContext {
    private static final Logger LOG = LoggerFactory.getLogger(NatsSslContext.class);
    /** Protects only the in-memory key store handed to the key manager; it never reaches a file. */
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private NatsSslContext() {
    }

    /**
     * @throws TlsSetupException when a file cannot be read or used, naming the setting
     */
    public static SSLContext of(NatsTls tls) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(tls.caFile() == null ? null : trustStore(tls)); // null: the JVM's default authorities
            context.init(keyManagers(tls), trust.getTrustManagers(), null);
            LOG.info("NATS TLS: CAs {}, client certificate {}, host-name verification {}",
                    tls.caFile() == null ? "of the JVM" : tls.caFile(),
                    tls.certFile() == null ? "none" : tls.certFile() + " (key " + tls.keyFile() + ")",
                    tls.verifyHostname() ? "on" : "OFF");
            if (!tls.verifyHostname()) {
                LOG.warn("*** NATS_TLS_VERIFY_HOSTNAME=false: any server with a certificate from a trusted CA is "
                        + "accepted whatever its name. For test servers only. ***");
                return context;
            }
            return HostnameVerifyingSslContext.wrap(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot set up TLS towards NATS: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(NatsTls tls) throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        List<X509Certificate> authorities = PemFiles.certificates("NATS_TLS_CA", tls.caFile());
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        return store;
    }

    private static KeyManager[] keyManagers(NatsTls tls) throws GeneralSecurityException, IOException {
        if (!tls.hasClientCertificate()) {
            return new KeyManager[] {new MissingClientCertificate()};
        }
        List<X509Certificate> chain = PemFiles.certificates("NATS_TLS_CERT", tls.certFile());
        PrivateKey key = PemFiles.privateKey("NATS_TLS_KEY", tls.keyFile());
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("NATS_TLS_KEY " + tls.keyFile() + " cannot be used with NATS_TLS_CERT "
                    + tls.certFile());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
