package io.mailmesh.apiemitter.identities;

import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.apiemitter.web.Body;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.ServerSettings;
import java.util.Optional;

/** Reads the parts of identity requests: server settings and credentials. */
final class IdentityRequests {
    static final int DEFAULT_POLL_MINUTES = 15;

    private IdentityRequests() {
    }

    /**
     * Server settings; {@code trust_all_certificates: true} is refused unless the operator allows it
     * ({@code MESH_ALLOW_TRUST_ALL}): it would let anyone on the path read the account's password. The incoming
     * server may carry {@code skip_folders}: the folders not synced (SPECIAL-USE attributes such as {@code \Trash}
     * or full folder names; absent means Trash, Junk and Drafts, {@code []} means every folder).
     */
    private static java.util.List<String> skipFolders(Body server, String field) {
        Optional<java.util.List<String>> skip = server.optionalStrings("skip_folders");
        if (skip.isEmpty()) {
            return null;
        }
        if (!"incoming".equals(field)) {
            throw ApiException.invalid(server.name("skip_folders"), "applies to the incoming server only");
        }
        ServerSettings.invalidSkipFolders(skip.get()).ifPresent(reason -> {
            throw ApiException.invalid(server.name("skip_folders"), reason);
        });
        return skip.get();
    }

    static Optional<ServerSettings> server(Body body, String field, boolean allowTrustAll) {
        return body.optionalObject(field).map(s -> {
            boolean trustAll = s.optionalBoolean("trust_all_certificates").orElse(false);
            if (trustAll && !allowTrustAll) {
                throw ApiException.invalid(s.name("trust_all_certificates"),
                        "is refused: this installation checks server certificates (MESH_ALLOW_TRUST_ALL is off)");
            }
            return new ServerSettings(s.requiredString("host"),
                    s.optionalInt("port", 1, 65535).orElseThrow(() -> ApiException.invalid(s.name("port"),
                            "is required")),
                    s.optionalEnum("security", ServerSettings.Security.class).orElse(ServerSettings.Security.TLS),
                    s.optionalString("username").orElse(null),
                    s.optionalEnum("auth", ServerSettings.Auth.class).orElse(ServerSettings.Auth.PASSWORD),
                    trustAll, skipFolders(s, field));
        });
    }

    static Optional<Credentials> credentials(Body body) {
        return body.optionalObject("credentials").map(c -> {
            Credentials credentials = new Credentials(c.optionalString("password").orElse(null),
                    c.optionalString("oauth2_token").orElse(null), c.optionalString("access_token").orElse(null),
                    c.optionalString("access_token_secret").orElse(null), c.optionalString("app_key").orElse(null),
                    c.optionalString("app_secret").orElse(null));
            if (credentials.password() == null && credentials.oauth2Token() == null
                    && credentials.accessToken() == null) {
                throw ApiException.invalid("credentials", "needs a password, an oauth2_token or an access_token");
            }
            return credentials;
        });
    }

    static Protocol remoteProtocol(Body body) {
        String name = body.requiredString("protocol");
        Protocol protocol;
        try {
            protocol = Protocol.of(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("protocol", "must be imap, smtp or twitter");
        }
        if (protocol == Protocol.EMAIL) {
            throw ApiException.invalid("protocol", "must be imap, smtp or twitter (email is for local identities)");
        }
        return protocol;
    }
}
