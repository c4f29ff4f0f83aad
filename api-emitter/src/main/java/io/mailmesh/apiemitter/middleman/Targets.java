package io.mailmesh.apiemitter.middleman;

import java.util.Optional;

/**
 * What a target may be: it becomes NATS subject tokens below the bridge prefix ({@code middleman.pub.<target>}),
 * so it is 1 to 200 visible ASCII characters without {@code *} or {@code >} (no wildcards), and its dots separate
 * non-empty tokens ({@code orders.eu} is the subject {@code middleman.pub.orders.eu}).
 */
final class Targets {
    static final int MAX_LENGTH = 200;

    private Targets() {
    }

    static Optional<String> refusal(String target) {
        if (target.isEmpty() || target.length() > MAX_LENGTH) {
            return Optional.of("a target is 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c > '~') {
                return Optional.of("a target holds visible ASCII characters only (no space, control or non-ASCII "
                        + "character)");
            }
            if (c == '*' || c == '>') {
                return Optional.of("a target holds no wildcard (* or >)");
            }
        }
        if (target.startsWith(".") || target.endsWith(".") || target.contains("..")) {
            return Optional.of("a target's dots separate non-empty parts (no leading, trailing or double dot)");
        }
        return Optional.empty();
    }

    static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
