package io.mailmesh.apiemitter.auth;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The authentication service's command-line options, each with its environment variable. */
public final class AuthOptions {
    @Option(names = "--open-registration", paramLabel = "BOOL", defaultValue = "${env:AUTH_OPEN_REGISTRATION}",
            description = "whether anyone may register (POST /api/v2/auth/register, POST /api/v2/users) (env "
                    + "AUTH_OPEN_REGISTRATION, default true in the development profile, false in production)")
    Boolean openRegistration;

    @Option(names = "--token-ttl", paramLabel = "HOURS", defaultValue = "${env:AUTH_TOKEN_TTL:-720}",
            description = "hours an API token is valid (env AUTH_TOKEN_TTL, default 720 = 30 days)")
    long tokenTtlHours;

    @Option(names = "--creds-validity", paramLabel = "DAYS", defaultValue = "${env:AUTH_CREDS_VALIDITY_DAYS:-180}",
            description = "days the NATS creds of a login are valid (env AUTH_CREDS_VALIDITY_DAYS, default 180)")
    long credsValidityDays;

    @Option(names = "--account-signing-key", paramLabel = "FILE", defaultValue = "${env:AUTH_ACCOUNT_SIGNING_KEY}",
            description = "file holding the mesh account's signing NKey seed (SA…), e.g. DIR/keys/account-signing.nk "
                    + "of nats-auth init (env AUTH_ACCOUNT_SIGNING_KEY; unset: logins return nats_creds null)")
    Path signingKey;

    @Option(names = "--account", paramLabel = "KEY", defaultValue = "${env:AUTH_ACCOUNT}",
            description = "the mesh account's public key (A…) (env AUTH_ACCOUNT, default: account.pub beside the "
                    + "signing key)")
    String account;

    public AuthSettings toSettings(boolean development) {
        return new AuthSettings(openRegistration == null ? development : openRegistration,
                Duration.ofHours(tokenTtlHours), Duration.ofDays(credsValidityDays), signingKey, account);
    }
}
