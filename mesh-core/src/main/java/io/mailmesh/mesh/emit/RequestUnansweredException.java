package io.mailmesh.mesh.emit;

/** A request that got no reply: nobody subscribes to the route, or nobody answered in time. */
public final class RequestUnansweredException extends Exception {
    /** Why no reply came. */
    public enum Reason { NO_RESPONDERS, TIMEOUT }

    private final Reason reason;

    public RequestUnansweredException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
