package io.mailmesh.orders;

/**
 * An order that cannot be accepted as it stands. The message names the route, the key (when one is at fault) and
 * what was wrong, and is safe to send back to the emitter.
 */
public final class InvalidOrderException extends Exception {
    private final Problem problem;
    private final String subject;
    private final String key;

    public InvalidOrderException(Problem problem, String subject, String key, String detail) {
        super(subject + ": " + (key == null ? "" : "key \"" + key + "\" ") + detail);
        this.problem = problem;
        this.subject = subject;
        this.key = key;
    }

    public Problem problem() {
        return problem;
    }

    public String subject() {
        return subject;
    }

    /** The key at fault, or null when the payload as a whole is. */
    public String key() {
        return key;
    }
}
