package io.mailmesh.smtpbridge.relay;

import io.mailmesh.mesh.store.model.ServerSettings.Security;
import java.time.Duration;
import java.util.Objects;

/**
 * An SMTP server to send through, with its login. {@link #toString()} never shows the secret.
 *
 * @param host     server host
 * @param port     server port
 * @param security none, STARTTLS (required once chosen) or implicit TLS
 * @param username login, or null/blank for no authentication
 * @param secret   password or XOAUTH2 token, or null
 * @param xoauth2  authenticate with XOAUTH2 instead of a password
 * @param trustAll accept any certificate and host name (test servers only)
 * @param timeout  connect, read and write timeout
 */
public record SmtpTarget(String host, int port, Security security, String username, String secret, boolean xoauth2,
        boolean trustAll, Duration timeout) {

    public SmtpTarget {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an SMTP host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SMTP port must be 1-65535, got " + port);
        }
        security = security == null ? Security.NONE : security;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** Whether to log in. */
    public boolean authenticates() {
        return username != null && !username.isBlank();
    }

    /** host:port, for messages and logs. */
    public String address() {
        return host + ":" + port;
    }

    /** Identity of the connection for pooling: everything but the timeout. */
    String poolKey() {
        return host + "|" + port + "|" + security + "|" + username + "|" + xoauth2 + "|" + trustAll + "|"
                + Objects.hashCode(secret);
    }

    @Override
    public String toString() {
        return "SmtpTarget[" + address() + ", security=" + security + ", username=" + username + ", secret="
                + (secret == null ? "null" : "***") + ", xoauth2=" + xoauth2 + ", trustAll=" + trustAll + "]";
    }
}
