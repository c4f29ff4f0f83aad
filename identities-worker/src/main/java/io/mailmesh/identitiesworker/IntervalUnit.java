package io.mailmesh.identitiesworker;

import java.util.Locale;

/**
 * The unit of {@code poll_intervall}. Production is always {@link #MINUTES}, as seed 002 says; {@link #SECONDS} is a
 * test-only setting that lets a test watch several sync slots go by in seconds.
 */
public enum IntervalUnit {
    MINUTES(60_000L),
    /** Test only: a poll interval of N means N seconds. */
    SECONDS(1_000L);

    private final long millis;

    IntervalUnit(long millis) {
        this.millis = millis;
    }

    /** Length of one unit in milliseconds. */
    public long millis() {
        return millis;
    }

    /** Parses {@code minutes} or {@code seconds}, case-insensitively. */
    public static IntervalUnit parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "minutes", "minute", "" -> MINUTES;
            case "seconds", "second" -> SECONDS;
            default -> throw new IllegalArgumentException("interval unit must be minutes or seconds (test only), not "
                    + value);
        };
    }
}
