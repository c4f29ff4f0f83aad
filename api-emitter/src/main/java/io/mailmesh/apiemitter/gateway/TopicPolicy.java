package io.mailmesh.apiemitter.gateway;

import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which subjects the gateway publishes on: the allow-list (by default the route table's subjects), and never a
 * system subject ({@code $SYS}, {@code $JS}, {@code _INBOX}...), a wildcard or a malformed subject.
 */
public final class TopicPolicy {
    private final Set<String> allowed;

    public TopicPolicy(Set<String> allowed) {
        for (String topic : allowed) {
            reservedReason(topic).ifPresent(reason -> {
                throw new IllegalArgumentException("cannot allow topic " + topic + ": " + reason);
            });
        }
        this.allowed = Set.copyOf(allowed);
    }

    /** The route table's subjects. */
    public static Set<String> defaults() {
        return Routes.ALL.stream().map(Route::subject).collect(Collectors.toUnmodifiableSet());
    }

    /** A comma-separated list of topics ({@code GATEWAY_ALLOWED_TOPICS}), or the defaults when blank. */
    public static Set<String> parse(String list) {
        return list == null || list.isBlank() ? defaults() : new java.util.LinkedHashSet<>(java.util.Arrays
                .stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Why {@code topic} is refused, or empty when it may be published on. */
    public Optional<String> refusal(String topic) {
        Optional<String> reserved = reservedReason(topic);
        if (reserved.isPresent()) {
            return reserved;
        }
        if (!allowed.contains(topic)) {
            return Optional.of("topic \"" + topic + "\" is not allowed (allowed: " + allowed.stream().sorted()
                    .collect(Collectors.joining(", ")) + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> reservedReason(String topic) {
        if (topic.isEmpty() || topic.length() > 255) {
            return Optional.of("topic must be 1 to 255 characters");
        }
        if (topic.startsWith("$") || topic.startsWith("_INBOX") || topic.startsWith("_R_")) {
            return Optional.of("topic \"" + topic + "\" is a system subject");
        }
        if (topic.contains("*") || topic.contains(">")) {
            return Optional.of("topic \"" + topic + "\" holds a wildcard");
        }
        if (!topic.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            return Optional.of("topic \"" + topic + "\" is not a valid subject");
        }
        if (topic.equals("MESSAGES") || topic.startsWith("MESSAGES.")) {
            return Optional.of("topic \"" + topic + "\" is the gateway's own ingress subject");
        }
        return Optional.empty();
    }
}
