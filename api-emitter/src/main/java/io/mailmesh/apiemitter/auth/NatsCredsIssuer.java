package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues a NATS {@code .creds} text for a fresh user NKey per login: a user JWT signed with the mesh account's
 * signing key ({@code AUTH_ACCOUNT_SIGNING_KEY}), {@code issuer_account} the account ({@code AUTH_ACCOUNT}, or
 * {@code account.pub} beside the seed), named and tagged with the user id, allowed to publish on
 * {@code MESSAGES.<user>} and {@code client.<user>.>} and to subscribe to {@code client.<user>.>} only. Without a
 * signing key it issues nothing and says so once.
 */
@Singleton
public final class NatsCredsIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(NatsCredsIssuer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthSettings settings;
    private final NKey signingKey;
    private final String account;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** The creds of one login: the NATS user's public key (for revocation) and the {@code .creds} text. */
    public record Issued(String userPublicKey, String creds, Instant expiresAt) {
    }

    @Inject
    NatsCredsIssuer(AuthSettings settings) {
        this.settings = settings;
        if (settings.signingKeyFile() == null) {
            signingKey = null;
            account = null;
            return;
        }
        Path file = settings.signingKeyFile();
        signingKey = readSeed(file);
        String key = settings.account() != null ? settings.account() : readAccountPub(file);
        if (!NKey.isValidPublicAccountKey(key.toCharArray())) {
            throw new IllegalArgumentException("AUTH_ACCOUNT (or account.pub beside " + file
                    + ") is not an account public key (A…)");
        }
        account = key;
    }

    private static NKey readSeed(Path file) {
        String seed;
        try {
            seed = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read AUTH_ACCOUNT_SIGNING_KEY " + file + ": " + e, e);
        }
        warnIfReadableByOthers(file);
        NKey key;
        try {
            key = NKey.fromSeed(seed.toCharArray());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("AUTH_ACCOUNT_SIGNING_KEY " + file + " does not hold an NKey seed", e);
        }
        if (key.getType() != NKey.Type.ACCOUNT) {
            throw new IllegalArgumentException("AUTH_ACCOUNT_SIGNING_KEY " + file
                    + " holds a " + key.getType() + " seed, not an account signing seed (SA…)");
        }
        return key;
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("AUTH_ACCOUNT_SIGNING_KEY {} is readable by other users; it should be mode 0600", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot check who may read AUTH_ACCOUNT_SIGNING_KEY {} ({}); make sure only this user can",
                    file, e.toString());
        }
    }

    private static String readAccountPub(Path seed) {
        Path pub = seed.toAbsolutePath().resolveSibling("account.pub");
        try {
            return Files.readString(pub, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("AUTH_ACCOUNT is unset and " + pub + " cannot be read: " + e, e);
        }
    }

    /** The creds of a new NATS user for {@code userId}, or empty when no signing key is configured. */
    public Optional<Issued> issue(String userId) {
        if (signingKey == null) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("AUTH_ACCOUNT_SIGNING_KEY is unset: logins return nats_creds null");
            }
            return Optional.empty();
        }
        try {
            NKey user = NKey.createUser(RANDOM);
            String userKey = new String(user.getPublicKey());
            JwtUtils.UserClaim claim = new JwtUtils.UserClaim(account)
                    .pub(new JwtUtils.Permission().allow("MESSAGES." + userId, "client." + userId + ".>"))
                    .sub(new JwtUtils.Permission().allow("client." + userId + ".>"))
                    .tags("user_id:" + userId.toLowerCase());
            long now = JwtUtils.currentTimeSeconds();
            String jwt = JwtUtils.issueUserJWT(signingKey, userKey, userId, settings.credsValidity(), now, claim);
            String creds = String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed()));
            return Optional.of(new Issued(userKey, creds,
                    Instant.ofEpochSecond(now).plus(settings.credsValidity())));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue NATS creds: " + e.getMessage(), e);
        }
    }
}
