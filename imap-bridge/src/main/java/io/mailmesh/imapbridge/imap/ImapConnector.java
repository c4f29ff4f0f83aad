package io.mailmesh.imapbridge.imap;

import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.net.OutboundRefusedException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.ServerSettings;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an authenticated IMAP store for an identity: plain, STARTTLS (required, never optional) or TLS, with a
 * password or an XOAUTH2 token. Server certificates and host names are always verified, unless the development
 * switch {@link ImapSettings#trustAll()} is on <em>and</em> the identity asks for it; a failed verification is a
 * {@link ImapFailure.Kind#CONNECTION} failure, never a silent retry without checks. The server must be in a network
 * the installation may reach ({@link OutboundGuard}); otherwise it is a {@link ImapFailure.Kind#CONFIGURATION}
 * failure.
 */
@Singleton
public final class ImapConnector {
    private static final Logger LOG = LoggerFactory.getLogger(ImapConnector.class);
    private static final int TIMEOUT_MILLIS = 20_000;

    private final ImapSettings settings;
    private final OutboundGuard outbound;

    @Inject
    public ImapConnector(ImapSettings settings, OutboundGuard outbound) {
        this.settings = settings;
        this.outbound = outbound;
    }

    /** Connects and logs in. The caller closes the store. */
    public Store open(Identity identity, Credentials credentials) throws ImapFailure {
        ServerSettings server = identity.incoming();
        if (server == null || server.host() == null || server.host().isBlank() || server.port() <= 0) {
            throw new ImapFailure(ImapFailure.Kind.CONFIGURATION, "identity " + identity.id()
                    + " has no incoming IMAP server", null);
        }
        try {
            outbound.check(server.host());
        } catch (OutboundRefusedException e) {
            throw new ImapFailure(ImapFailure.Kind.CONFIGURATION, "the IMAP server of identity " + identity.id()
                    + " is refused: " + e.getMessage(), null);
        }
        String secret = server.auth() == ServerSettings.Auth.XOAUTH2 ? credentials.oauth2Token()
                : credentials.password();
        if (secret == null || secret.isEmpty()) {
            throw new ImapFailure(ImapFailure.Kind.CONFIGURATION, "identity " + identity.id() + " has no "
                    + (server.auth() == ServerSettings.Auth.XOAUTH2 ? "OAuth2 token" : "password"), null);
        }
        String username = server.username() == null || server.username().isBlank() ? identity.address()
                : server.username();
        String protocol = server.security() == ServerSettings.Security.TLS ? "imaps" : "imap";
        Session session = Session.getInstance(properties(identity, server, protocol));
        Store store;
        try {
            store = session.getStore(protocol);
        } catch (MessagingException e) {
            throw new ImapFailure(ImapFailure.Kind.CONFIGURATION, "no IMAP provider: " + e.getMessage(), e);
        }
        try {
            store.connect(server.host(), server.port(), username, secret);
            return store;
        } catch (AuthenticationFailedException e) {
            throw new ImapFailure(ImapFailure.Kind.AUTHENTICATION, "authentication failed for " + username + " at "
                    + server.host() + ":" + server.port() + reason(e), e);
        } catch (MessagingException | RuntimeException e) {
            throw new ImapFailure(ImapFailure.Kind.CONNECTION, "cannot connect to " + server.host() + ":"
                    + server.port() + ": " + rootMessage(e), e);
        }
    }

    private Properties properties(Identity identity, ServerSettings server, String protocol) {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        props.put(p + "timeout", String.valueOf(TIMEOUT_MILLIS * 3));
        props.put(p + "writetimeout", String.valueOf(TIMEOUT_MILLIS * 3));
        props.put(p + "peek", "true");
        props.put(p + "connectionpoolsize", "1");
        if (server.security() == ServerSettings.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (server.security() != ServerSettings.Security.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
            if (server.trustAllCertificates()) {
                if (settings.trustAll()) {
                    LOG.warn("identity {}: certificate checks are OFF (IMAP_TRUST_ALL, development only)",
                            identity.id());
                    props.put(p + "ssl.trust", "*");
                    props.put(p + "ssl.checkserveridentity", "false");
                } else {
                    LOG.warn("identity {} asks to trust any certificate; refused because IMAP_TRUST_ALL is off",
                            identity.id());
                }
            }
        }
        if (server.auth() == ServerSettings.Auth.XOAUTH2) {
            props.put(p + "auth.mechanisms", "XOAUTH2");
            props.put(p + "auth.login.disable", "true");
            props.put(p + "auth.plain.disable", "true");
        }
        return props;
    }

    private static String reason(AuthenticationFailedException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }
}
