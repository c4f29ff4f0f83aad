package io.mailmesh.mqworker;

import io.mailmesh.mesh.store.RawMessageRetention;
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
 * @param keyLookupMaxBytes the largest answer read from one key server ({@code KEY_LOOKUP_MAX_BYTES}, 1 MiB); a
 *                         look-up asks three (two WKD, one HKP), so one address costs at most three times this
 * @param rawRetention     how long a raw message is kept once imported and marked delivered
 *                         ({@code MESH_RAW_RETENTION_HOURS}, 7 days); null keeps them for ever
 */
public record MqWorkerSettings(URI hkpUrl, URI wkdBaseUrl, Duration keyLookupTimeout, long keyLookupMaxBytes,
        Duration rawRetention) {
    public static final long DEFAULT_KEY_LOOKUP_MAX_BYTES = 1024 * 1024;
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
        if (keyLookupMaxBytes < 1024 || keyLookupMaxBytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("KEY_LOOKUP_MAX_BYTES must be 1 KiB to 64 MiB, got " + keyLookupMaxBytes);
        }
    }

    /** Settings with the default answer bound and raw message retention. */
    public MqWorkerSettings(URI hkpUrl, URI wkdBaseUrl, Duration keyLookupTimeout) {
        this(hkpUrl, wkdBaseUrl, keyLookupTimeout, DEFAULT_KEY_LOOKUP_MAX_BYTES, RawMessageRetention.DEFAULT);
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
