package io.mailmesh.identitiesworker.schedule;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;

/** The bounds of {@code poll_intervall}: 1 minute to 3 days (4,320 minutes). */
public final class PollInterval {
    public static final int MIN = 1;
    public static final int MAX = 4_320;
    public static final ErrorCode INVALID = ErrorCode.INVALID_POLL_INTERVAL;

    private PollInterval() {
    }

    public static boolean inBounds(int value) {
        return value >= MIN && value <= MAX;
    }

    /** Parses an order's {@code poll_intervall}, rejecting anything that is not a whole number within the bounds. */
    public static int parse(String raw) throws OrderFailedException {
        String value = raw == null ? "" : raw.trim();
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw OrderFailedException.rejected(INVALID, "poll_intervall must be a whole number of minutes from "
                    + MIN + " to " + MAX + ", not \"" + shorten(value) + "\"");
        }
        if (!inBounds(parsed)) {
            throw OrderFailedException.rejected(INVALID, "poll_intervall must be from " + MIN + " to " + MAX
                    + " minutes, not " + parsed);
        }
        return parsed;
    }

    private static String shorten(String value) {
        return value.length() > 32 ? value.substring(0, 32) + "…" : value;
    }
}
