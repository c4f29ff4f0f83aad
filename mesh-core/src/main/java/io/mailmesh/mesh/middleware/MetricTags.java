package io.mailmesh.mesh.middleware;

import io.mailmesh.orders.OrderKind;
import io.mailmesh.orders.RouteTables;
import java.util.regex.Pattern;

/**
 * Metric tag values, bounded: every distinct value is a new time series held for the life of the process, so a
 * value a sender chose (the order name of a payload that failed to decode) must never become a tag. Order names
 * and subjects are kept only when a route table on the class path (seed 002's or an extension's) declares them; anything else is counted as {@value #UNKNOWN}.
 */
public final class MetricTags {
    public static final String UNKNOWN = "unknown";
    /** Failure codes are written in the code ({@code OrderFailedException}, the codec's problems); this only guards. */
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    private MetricTags() {
    }

    public static String order(String name) {
        return name == null ? UNKNOWN : RouteTables.kindNamed(name).map(OrderKind::wireName).orElse(UNKNOWN);
    }

    public static String subject(String subject) {
        return subject != null && RouteTables.bySubject(subject).isPresent() ? subject : UNKNOWN;
    }

    public static String code(String code) {
        return code != null && CODE.matcher(code).matches() ? code : "other";
    }
}
