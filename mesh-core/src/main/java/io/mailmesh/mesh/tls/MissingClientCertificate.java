package io.mailmesh.mesh.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key manager of a client without a certificate: it has none to offer, but says so when a server asks for one.
 * A server requiring mutual TLS then drops the connection, and under TLS 1.3 jnats only sees its handshake time out;
 * this line is where the operator learns the cause.
 */
final class MissingClientCertificate extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(MissingClientCertificate.class);

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        LOG.warn("the NATS server asks for a client certificate (mutual TLS) and none is set: set NATS_TLS_CERT "
                + "and NATS_TLS_KEY");
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyType, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return null;
    }
}
