package io.mailmesh.twitterbridge.account;

import java.time.Duration;
import twitter4j.TwitterException;
import twitter4j.v1.RateLimitStatus;

/**
 * What a failed Twitter call means for the bridge.
 *
 * @param kind       the class of failure
 * @param retryAfter how long until the rate limit resets (rate limits only, zero if unknown)
 * @param summary    a sentence for logs and replies, without secrets
 */
public record TwitterFailure(Kind kind, Duration retryAfter, String summary) {

    /** Classes of failure. */
    public enum Kind {
        /** HTTP 429 or error 88: back off. */
        RATE_LIMITED,
        /** HTTP 401 or error 89: the token is invalid or revoked. */
        TOKEN_REJECTED,
        /** The user or resource does not exist (HTTP 404, errors 17, 34, 50). */
        NOT_FOUND,
        /** Twitter refused the request as it stands (other 4xx, e.g. error 349: cannot DM this user). */
        REFUSED,
        /** Network trouble or a 5xx: try again later. */
        UNAVAILABLE
    }

    /** Classifies a Twitter4J exception. */
    public static TwitterFailure of(TwitterException e) {
        int status = e.getStatusCode();
        int code = e.getErrorCode();
        String what = "HTTP " + status + (code > 0 ? ", error " + code : "")
                + (e.isErrorMessageAvailable() ? ": " + e.getErrorMessage() : "");
        if (status == 429 || code == 88 || e.exceededRateLimitation()) {
            return new TwitterFailure(Kind.RATE_LIMITED, retryAfter(e), "Twitter rate limit reached (" + what + ")");
        }
        if (status == 401 || code == 89) {
            return new TwitterFailure(Kind.TOKEN_REJECTED, Duration.ZERO,
                    "Twitter rejected the access token (" + what + ")");
        }
        if (status == 404 || code == 17 || code == 34 || code == 50) {
            return new TwitterFailure(Kind.NOT_FOUND, Duration.ZERO, "Twitter found no such resource (" + what + ")");
        }
        if (status >= 400 && status < 500) {
            return new TwitterFailure(Kind.REFUSED, Duration.ZERO, "Twitter refused the request (" + what + ")");
        }
        String cause = e.isCausedByNetworkIssue() ? "network error: " + e.getCause().getClass().getSimpleName()
                : what;
        return new TwitterFailure(Kind.UNAVAILABLE, Duration.ZERO, "Twitter is unavailable (" + cause + ")");
    }

    private static Duration retryAfter(TwitterException e) {
        RateLimitStatus status = e.getRateLimitStatus();
        if (status != null && status.getSecondsUntilReset() > 0) {
            return Duration.ofSeconds(status.getSecondsUntilReset());
        }
        String header;
        try {
            header = e.getResponseHeader("Retry-After");
        } catch (NullPointerException absent) {
            // Twitter4J's getResponseHeader dereferences the header list without checking that the header is there
            header = null;
        }
        if (header != null && header.trim().matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        }
        return Duration.ZERO;
    }
}
