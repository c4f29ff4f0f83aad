package io.mailmesh.apiemitter.web;

import io.mailmesh.mesh.config.EnvVariable;
import java.util.List;
import java.util.Map;

/**
 * How fast one caller may send HTTP requests to the REST API and the gateway's {@code /MESSAGES}, and frames on the
 * gateway's WebSocket: a token bucket per bearer token (per client IP without one) that refills at
 * {@code requestsPerSecond} and holds {@code burst}; and how many messages of one WebSocket connection may wait for
 * a worker's reply at once.
 *
 * @param requestsPerSecond sustained rate per caller ({@code API_RATE_LIMIT}, 50; 0 turns limiting off)
 * @param burst             requests a caller may send at once after a quiet spell ({@code API_RATE_BURST}, 100)
 * @param maxWaitingPerConnection messages with {@code "wait": true} one WebSocket connection may have pending
 *                          ({@code GATEWAY_WS_MAX_WAITING}, 16)
 */
public record RateLimits(double requestsPerSecond, int burst, int maxWaitingPerConnection) {
    public static final String RATE_VARIABLE = "API_RATE_LIMIT";
    public static final String BURST_VARIABLE = "API_RATE_BURST";
    public static final String WS_WAITING_VARIABLE = "GATEWAY_WS_MAX_WAITING";
    public static final double DEFAULT_RATE = 50;
    public static final int DEFAULT_BURST = 100;
    public static final int DEFAULT_WS_WAITING = 16;
    /** Every variable {@link #from} reads, for {@code --help}. */
    public static final List<EnvVariable> VARIABLES = List.of(
            new EnvVariable(RATE_VARIABLE, "requests per second per caller (default 50; 0 turns limiting off)"),
            new EnvVariable(BURST_VARIABLE, "requests a caller may send at once (default 100)"),
            new EnvVariable(WS_WAITING_VARIABLE, "messages with \"wait\": true one gateway WebSocket connection "
                    + "may have pending (default 16)"));

    public RateLimits {
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException(RATE_VARIABLE + " must be a number of requests per second >= 0 "
                    + "(0: no limit), got " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException(BURST_VARIABLE + " must be at least 1, got " + burst);
        }
        if (maxWaitingPerConnection < 1) {
            throw new IllegalArgumentException(WS_WAITING_VARIABLE + " must be at least 1, got "
                    + maxWaitingPerConnection);
        }
    }

    /** Limits with the default WebSocket wait cap. */
    public RateLimits(double requestsPerSecond, int burst) {
        this(requestsPerSecond, burst, DEFAULT_WS_WAITING);
    }

    public static RateLimits defaults() {
        return new RateLimits(DEFAULT_RATE, DEFAULT_BURST, DEFAULT_WS_WAITING);
    }

    /**
     * Reads {@code API_RATE_LIMIT} (requests per second, fractions allowed), {@code API_RATE_BURST} and
     * {@code GATEWAY_WS_MAX_WAITING}.
     */
    public static RateLimits from(Map<String, String> env) {
        String rate = env.get(RATE_VARIABLE);
        String burst = env.get(BURST_VARIABLE);
        String waiting = env.get(WS_WAITING_VARIABLE);
        try {
            return new RateLimits(rate == null || rate.isBlank() ? DEFAULT_RATE : Double.parseDouble(rate.trim()),
                    burst == null || burst.isBlank() ? DEFAULT_BURST : Integer.parseInt(burst.trim()),
                    waiting == null || waiting.isBlank() ? DEFAULT_WS_WAITING : Integer.parseInt(waiting.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(RATE_VARIABLE + ", " + BURST_VARIABLE + " and " + WS_WAITING_VARIABLE
                    + " must be numbers: " + e.getMessage());
        }
    }

    public boolean enabled() {
        return requestsPerSecond > 0;
    }
}
