package io.mailmesh.apiemitter.gateway;

/** An ingress message the gateway refuses; the reason is safe to send back. */
public final class Rejection extends Exception {
    public Rejection(String reason) {
        super(reason, null, false, false);
    }
}
