package io.mailmesh.mqworker;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the mq-worker beyond the shared mesh options.
 *
 * @param hkpUrl           base URL of the HKP key server ({@code /pks/lookup} is appended)
 * @param wkdBaseUrl       base URL that replaces the WKD hosts (tests, private mirrors), or null for the real
 *                         {@code openpgpkey.<domain>} and {@code <domain>} hosts
 * @param keyLookupTimeout connect and response timeout of one key look-up
 */
public record MqWorkerSettings(URI hkpUrl, URI wkdBaseUrl, Duration keyLookupTimeout) {
    public static final URI DEFAULT_HKP_URL = URI.create("https://keys.openpgp.org");
    public static final Duration DEFAULT_KEY_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    public MqWorkerSettings {
        Objects.requireNonNull(hkpUrl, "hkpUrl");
        requireHttp("HKP_URL", hkpUrl);
        if (wkdBaseUrl != null) {
            requireHttp("WKD_BASE_URL", wkdBaseUrl);
        }
        keyLookupTimeout = keyLookupTimeout == null ? DEFAULT_KEY_LOOKUP_TIMEOUT : keyLookupTimeout;
        if (keyLookupTimeout.isNegative() || keyLookupTimeout.isZero()) {
            throw new IllegalArgumentException("KEY_LOOKUP_TIMEOUT must be positive");
        }
    }

    /** The defaults: keys.openpgp.org, real WKD hosts, 10 s. */
    public static MqWorkerSettings defaults() {
        return new MqWorkerSettings(DEFAULT_HKP_URL, null, DEFAULT_KEY_LOOKUP_TIMEOUT);
    }

    public Optional<URI> wkdOverride() {
        return Optional.ofNullable(wkdBaseUrl);
    }

    private static void requireHttp(String name, URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http(s) URL with a host, got " + uri);
        }
    }
}
