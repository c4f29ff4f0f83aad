package io.mailmesh.mesh.security;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Issues the JWTs of NATS decentralized auth (operator, accounts, users), signed with ed25519 NKeys through jnats'
 * {@link JwtUtils}. The claim bodies follow the NATS JWT v2 format that nats-server 2.9 reads.
 */
public final class NatsJwts {
    private NatsJwts() {
    }

    /** A self-signed operator naming its system account. */
    public static String operator(NKey operator, String name, String systemAccount) {
        String pub = publicKey(operator);
        return issue(operator, pub, name, null, pub, () -> "{\"type\":\"operator\",\"version\":2,"
                + "\"system_account\":" + quote(systemAccount) + "}");
    }

    /**
     * An account signed by the operator.
     *
     * @param jetStream   whether the account may use JetStream (unlimited within the server's own limits)
     * @param signingKeys public keys that may sign this account's users
     * @param revocations user public keys and the time (epoch seconds) before which their JWTs are revoked
     */
    public static String account(NKey operator, String accountPublicKey, String name, boolean jetStream,
                                 List<String> signingKeys, Map<String, Long> revocations) {
        String limits = "\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,"
                + "\"conn\":-1,\"leaf\":-1" + (jetStream ? ",\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,"
                + "\"consumer\":-1" : "");
        String keys = signingKeys.stream().map(NatsJwts::quote).collect(Collectors.joining(","));
        String revoked = new TreeMap<>(revocations).entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + e.getValue()).collect(Collectors.joining(","));
        return issue(operator, accountPublicKey, name, null, publicKey(operator), () -> "{\"limits\":{" + limits
                + "},\"signing_keys\":[" + keys + "]" + (revoked.isEmpty() ? "" : ",\"revocations\":{" + revoked + "}")
                + ",\"default_permissions\":{\"pub\":{},\"sub\":{}},\"type\":\"account\",\"version\":2}");
    }

    /**
     * A user of {@code account}, signed by one of its signing keys.
     *
     * @param validity null for a user that never expires
     */
    public static String user(NKey accountSigningKey, String account, String userPublicKey, String name,
                              NatsPermissions permissions, Duration validity, String... tags) {
        JwtUtils.UserClaim claim = new JwtUtils.UserClaim(account);
        if (!permissions.unrestricted()) {
            claim.pub(new JwtUtils.Permission().allow(permissions.publish().toArray(String[]::new)));
            claim.sub(new JwtUtils.Permission().allow(permissions.subscribe().toArray(String[]::new)));
            if (permissions.respond()) {
                claim.resp(new JwtUtils.ResponsePermission().maxMsgs(1).expires(Duration.ofMinutes(5)));
            }
        }
        if (tags.length > 0) {
            claim.tags(tags);
        }
        try {
            return JwtUtils.issueUserJWT(accountSigningKey, userPublicKey, name, validity,
                    JwtUtils.currentTimeSeconds(), claim);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a user JWT: " + e.getMessage(), e);
        }
    }

    /** The text of a {@code .creds} file: the user's JWT and NKey seed, as nsc writes it and jnats reads it. */
    public static String credsFile(String userJwt, NKey user) {
        return "-----BEGIN NATS USER JWT-----\n" + userJwt + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n"
                + "NKEY Seed printed below can be used to sign and prove identity.\n"
                + "NKEYs are sensitive and should be treated as secrets.\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + new String(seed(user)) + "\n------END USER NKEY SEED------\n\n"
                + "*************************************************************\n";
    }

    /** The {@code nats} section of a JWT's claims, as JSON text: what it grants, without when it was signed. */
    public static String natsClaims(String jwt) {
        String body = JwtUtils.getClaimBody(jwt);
        int start = body.indexOf("\"nats\":");
        return start < 0 ? "" : body.substring(start);
    }

    public static String publicKey(NKey key) {
        try {
            return new String(key.getPublicKey());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static char[] seed(NKey key) {
        return key.getSeed();
    }

    private static String issue(NKey signer, String subject, String name, Duration validity, String issuer,
                                JsonSerializable nats) {
        try {
            return JwtUtils.issueJWT(signer, subject, name, validity, JwtUtils.currentTimeSeconds(), issuer, nats);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a JWT: " + e.getMessage(), e);
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
