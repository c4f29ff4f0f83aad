package io.mailmesh.apiemitter.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the authentication service.
 *
 * @param openRegistration  whether anyone may register ({@code POST /api/v2/auth/register}, {@code POST /api/v2/users})
 * @param tokenTtl          how long an API token is valid
 * @param credsValidity     how long the NATS user JWT of a login is valid
 * @param signingKeyFile    file holding the account signing NKey seed (SA…), or null: logins issue no NATS creds
 * @param account           the account public key (A…), or null to read {@code account.pub} beside the seed
 */
public record AuthSettings(boolean openRegistration, Duration tokenTtl, Duration credsValidity, Path signingKeyFile,
                           String account) {
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofDays(30);
    public static final Duration DEFAULT_CREDS_VALIDITY = Duration.ofDays(180);

    public AuthSettings {
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(credsValidity, "credsValidity");
        if (tokenTtl.isNegative() || tokenTtl.isZero() || credsValidity.isNegative() || credsValidity.isZero()) {
            throw new IllegalArgumentException("token TTL and creds validity must be positive");
        }
        account = account == null || account.isBlank() ? null : account.strip();
    }

    /** The defaults of a profile: open registration in development only, no NATS creds. */
    public static AuthSettings defaults(boolean development) {
        return new AuthSettings(development, DEFAULT_TOKEN_TTL, DEFAULT_CREDS_VALIDITY, null, null);
    }

    public AuthSettings withTokenTtl(Duration ttl) {
        return new AuthSettings(openRegistration, ttl, credsValidity, signingKeyFile, account);
    }

    public AuthSettings withSigningKey(Path file, String accountKey) {
        return new AuthSettings(openRegistration, tokenTtl, credsValidity, file, accountKey);
    }

    public AuthSettings withOpenRegistration(boolean open) {
        return new AuthSettings(open, tokenTtl, credsValidity, signingKeyFile, account);
    }
}
