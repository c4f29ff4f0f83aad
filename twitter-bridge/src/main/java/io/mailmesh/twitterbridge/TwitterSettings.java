package io.mailmesh.twitterbridge;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The twitter-bridge settings.
 *
 * @param apiUrl                     base URL of the Twitter v1.1 REST API (ends with a slash)
 * @param consumerKey                the app (consumer) key, or null to use the one stored with each identity
 * @param consumerSecret             the app (consumer) secret, or null to use the one stored with each identity
 * @param inboundTimeout             how long a process_inbound request on inboundTwitter may take
 * @param maxBackoffMinutes          the longest poll interval a rate limit back-off asks for
 * @param authFailuresBeforeInactive consecutive rejected-token syncs after which the identity is made inactive
 * @param httpTimeout                connect and read timeout of calls to Twitter
 * @param workerLease                how long an instance's ownership of an identity's worker lasts without renewal
 */
public record TwitterSettings(URI apiUrl, String consumerKey, String consumerSecret, Duration inboundTimeout,
                              int maxBackoffMinutes, int authFailuresBeforeInactive, Duration httpTimeout,
                              Duration workerLease) {

    public static final Duration DEFAULT_WORKER_LEASE = Duration.ofSeconds(15);

    public static final String DEFAULT_API_URL = "https://api.twitter.com/1.1/";
    public static final int DEFAULT_MAX_BACKOFF_MINUTES = 4320;

    public TwitterSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        String scheme = apiUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the Twitter API URL must be http or https: " + apiUrl);
        }
        if (!apiUrl.toString().endsWith("/")) {
            apiUrl = URI.create(apiUrl + "/");
        }
        consumerKey = blankToNull(consumerKey);
        consumerSecret = blankToNull(consumerSecret);
        Objects.requireNonNull(inboundTimeout, "inboundTimeout");
        if (inboundTimeout.isNegative() || inboundTimeout.isZero()) {
            throw new IllegalArgumentException("the inbound timeout must be positive");
        }
        if (maxBackoffMinutes < 1 || maxBackoffMinutes > DEFAULT_MAX_BACKOFF_MINUTES) {
            throw new IllegalArgumentException("the max back-off must be 1 to " + DEFAULT_MAX_BACKOFF_MINUTES
                    + " minutes, got " + maxBackoffMinutes);
        }
        if (authFailuresBeforeInactive < 1) {
            throw new IllegalArgumentException("authFailuresBeforeInactive must be at least 1");
        }
        Objects.requireNonNull(httpTimeout, "httpTimeout");
        Objects.requireNonNull(workerLease, "workerLease");
        if (workerLease.toMillis() < 300) {
            throw new IllegalArgumentException("the worker lease must be at least 300 ms");
        }
    }

    public TwitterSettings(URI apiUrl, String consumerKey, String consumerSecret, Duration inboundTimeout,
                           int maxBackoffMinutes, int authFailuresBeforeInactive, Duration httpTimeout) {
        this(apiUrl, consumerKey, consumerSecret, inboundTimeout, maxBackoffMinutes, authFailuresBeforeInactive,
                httpTimeout, DEFAULT_WORKER_LEASE);
    }

    /** Settings for a given API URL and app key, with default limits. */
    public static TwitterSettings of(URI apiUrl, String consumerKey, String consumerSecret) {
        return new TwitterSettings(apiUrl, consumerKey, consumerSecret, Duration.ofSeconds(20),
                DEFAULT_MAX_BACKOFF_MINUTES, 3, Duration.ofSeconds(20));
    }

    public TwitterSettings withInboundTimeout(Duration timeout) {
        return new TwitterSettings(apiUrl, consumerKey, consumerSecret, timeout, maxBackoffMinutes,
                authFailuresBeforeInactive, httpTimeout, workerLease);
    }

    public TwitterSettings withAuthFailuresBeforeInactive(int failures) {
        return new TwitterSettings(apiUrl, consumerKey, consumerSecret, inboundTimeout, maxBackoffMinutes, failures,
                httpTimeout, workerLease);
    }

    public TwitterSettings withWorkerLease(Duration lease) {
        return new TwitterSettings(apiUrl, consumerKey, consumerSecret, inboundTimeout, maxBackoffMinutes,
                authFailuresBeforeInactive, httpTimeout, lease);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "TwitterSettings[apiUrl=" + apiUrl + ", consumerKey=" + (consumerKey == null ? "unset" : "***")
                + ", consumerSecret=" + (consumerSecret == null ? "unset" : "***") + ", inboundTimeout="
                + inboundTimeout + ", maxBackoffMinutes=" + maxBackoffMinutes + ", authFailuresBeforeInactive="
                + authFailuresBeforeInactive + ", httpTimeout=" + httpTimeout + ", workerLease=" + workerLease + "]";
    }
}
