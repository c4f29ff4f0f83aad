package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks an e-mail and password and issues an API token with, when a signing key is configured, NATS creds. An
 * unknown e-mail costs the same Argon2id verification as a known one; failures feed the {@link LoginThrottle}.
 */
@Singleton
public final class Login {
    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final TokenStore tokens;
    private final NatsCredsIssuer creds;

    /** A successful login. */
    public record Session(String userId, String token, Instant expiresAt, String natsCreds) {
    }

    /** A login refused until {@code retryAfter} has passed. */
    public static final class Throttled extends ApiException {
        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super(429, "too_many_attempts", null, "too many failed logins; retry in " + seconds(retryAfter)
                    + " seconds");
            this.retryAfter = retryAfter;
        }

        public long retryAfterSeconds() {
            return seconds(retryAfter);
        }

        private static long seconds(Duration d) {
            return Math.max(1, (d.toMillis() + 999) / 1000);
        }
    }

    @Inject
    Login(Accounts accounts, PasswordHasher hasher, LoginThrottle throttle, TokenStore tokens,
          NatsCredsIssuer creds) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.tokens = tokens;
        this.creds = creds;
    }

    public Session login(String rawEmail, String password, String ip) {
        String email = rawEmail.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<Duration> wait = throttle.retryAfter(email, ip);
        if (wait.isPresent()) {
            throw new Throttled(wait.get());
        }
        Optional<Account> account = accounts.find(email);
        boolean valid = account.isPresent() ? hasher.verify(password, account.get().passwordHash())
                : hasher.verifyDummy(password);
        if (!valid) {
            throttle.failed(email, ip);
            throw new ApiException(401, "unauthorized", null, "wrong e-mail or password");
        }
        throttle.succeeded(email);
        String userId = account.get().userId();
        Optional<NatsCredsIssuer.Issued> issued = creds.issue(userId);
        TokenStore.Issued token = tokens.issue(userId, issued.map(NatsCredsIssuer.Issued::userPublicKey).orElse(null));
        return new Session(userId, token.token(), token.expiresAt(),
                issued.map(NatsCredsIssuer.Issued::creds).orElse(null));
    }
}
