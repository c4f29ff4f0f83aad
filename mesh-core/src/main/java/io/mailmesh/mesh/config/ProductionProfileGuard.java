package io.mailmesh.mesh.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Checks made once at start of every executable in the production profile: settings that are fine on a developer's
 * machine but expose a deployment. The development profile skips them.
 */
public final class ProductionProfileGuard {
    static final String SECRET_KEY_VARIABLE = "MESH_SECRET_KEY";

    private ProductionProfileGuard() {
    }

    /**
     * @param env the process environment, where {@code MESH_SECRET_KEY} is read (secrets are never flags)
     * @throws UnsafeConfigurationException naming the setting to fix
     */
    public static void check(MeshConfig config, Map<String, String> env) {
        if (config.developmentProfile()) {
            return;
        }
        refuseDevelopmentKey(env.get(SECRET_KEY_VARIABLE));
        refuseAnonymousRemoteNats(config);
    }

    private static void refuseDevelopmentKey(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return; // the store says a key is required, where it reads it
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException notBase64) {
            return; // the store reports a malformed key
        }
        if (DevelopmentKey.is(key)) {
            throw new UnsafeConfigurationException(SECRET_KEY_VARIABLE + " is the public development key, which "
                    + "anyone can use to decrypt stored credentials: set MESH_SECRET_KEY to the base64 of 32 random "
                    + "bytes (openssl rand -base64 32; see \"Rotating MESH_SECRET_KEY\" in OPERATIONS.md), or run "
                    + "with MESH_PROFILE=development");
        }
    }

    /**
     * A server beyond this host must know who connects: a credentials file, a user in the URL or a client certificate
     * (mutual TLS). Host names other than {@code localhost} are not resolved: a name is taken as remote.
     */
    private static void refuseAnonymousRemoteNats(MeshConfig config) {
        boolean authenticated = config.natsCreds() != null || config.natsTls().hasClientCertificate();
        for (String url : config.natsUrl().split(",")) {
            URI uri = parse(url.trim());
            if (authenticated || uri.getUserInfo() != null) {
                continue;
            }
            String host = uri.getHost();
            if (!isLoopback(host)) {
                throw new UnsafeConfigurationException("NATS_URL points to " + host + ", which is not a loopback "
                        + "address, and NATS_CREDS is not set: set NATS_CREDS to the NATS credentials file of this "
                        + "executable (or connect to a loopback NATS_URL, or run with MESH_PROFILE=development)");
            }
        }
    }

    private static URI parse(String url) {
        String withScheme = url.contains("://") ? url : "nats://" + url; // jnats accepts host:port alone
        try {
            URI uri = URI.create(withScheme);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UnsafeConfigurationException("NATS_URL holds a URL without a readable host: "
                    + Redaction.url(url));
        }
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false; // a name: never resolved here, so a DNS answer cannot make a remote server look local
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no look-up
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
