package io.mailmesh.apiemitter.gateway;

/** An ingress message the gateway refuses; the reason is safe to send back. */
public final class Rejection extends Exception {
    private final int status;

    public Rejection(String reason) {
        this(400, reason);
    }

    /** A refusal answered with {@code status} on HTTP (403 for a user_id that is not the caller's). */
    public Rejection(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
