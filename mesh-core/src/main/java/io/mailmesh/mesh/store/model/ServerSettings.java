package io.mailmesh.mesh.store.model;

/**
 * How to reach an incoming (IMAP) or outgoing (SMTP) server. Secrets live in {@link Credentials}, never here.
 *
 * @param host                 server host name
 * @param port                 server port
 * @param security             transport security
 * @param username             login name
 * @param auth                 authentication mechanism
 * @param trustAllCertificates accept any server certificate (test servers only); false by default
 */
public record ServerSettings(String host, int port, Security security, String username, Auth auth,
        boolean trustAllCertificates) {

    /** Transport security of a server connection. */
    public enum Security {
        NONE, STARTTLS, TLS
    }

    /** Authentication mechanism. */
    public enum Auth {
        PASSWORD, XOAUTH2
    }

    public ServerSettings {
        security = security == null ? Security.TLS : security;
        auth = auth == null ? Auth.PASSWORD : auth;
    }

    /** Settings with certificate checks on. */
    public ServerSettings(String host, int port, Security security, String username, Auth auth) {
        this(host, port, security, username, auth, false);
    }
}
