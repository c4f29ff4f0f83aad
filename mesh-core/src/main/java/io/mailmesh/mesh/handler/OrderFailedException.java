package io.mailmesh.mesh.handler;

import io.mailmesh.mesh.errors.ErrorCode;

/**
 * A failure with a reason the emitter may read. A <em>rejected</em> order is wrong as it stands and is never
 * retried (an error reply, or a dead letter at once); an <em>unavailable</em> one failed on something passing (a
 * relay down) and a durable order is retried with back-off. The message is sent back: never put a secret in it.
 */
public final class OrderFailedException extends Exception {
    private final String code;
    private final boolean retryable;
    private final int status;

    private OrderFailedException(String code, String message, boolean retryable, int status, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
        this.status = status;
    }

    /** The order is wrong as it stands (unknown message, not the user's…): never retried. */
    public static OrderFailedException rejected(ErrorCode code, String message) {
        return new OrderFailedException(code.code(), message, false, 400, null);
    }

    /** The order refers to something that does not exist: never retried. */
    public static OrderFailedException notFound(ErrorCode code, String message) {
        return new OrderFailedException(code.code(), message, false, 404, null);
    }

    /** Something the order needs is down for now: a durable order is retried. */
    public static OrderFailedException unavailable(ErrorCode code, String message, Throwable cause) {
        return new OrderFailedException(code.code(), message, true, 503, cause);
    }

    /**
     * A code outside {@link ErrorCode}: only for branches written before the vocabulary; the vocabulary test fails
     * on any code used here that {@link ErrorCode} does not list.
     */
    @Deprecated
    public static OrderFailedException rejected(String code, String message) {
        return new OrderFailedException(code, message, false, 400, null);
    }

    /** See {@link #rejected(String, String)}. */
    @Deprecated
    public static OrderFailedException notFound(String code, String message) {
        return new OrderFailedException(code, message, false, 404, null);
    }

    /** See {@link #rejected(String, String)}. */
    @Deprecated
    public static OrderFailedException unavailable(String code, String message, Throwable cause) {
        return new OrderFailedException(code, message, true, 503, cause);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The numeric code put in the {@code Nats-Service-Error-Code} header, HTTP-like. */
    public int status() {
        return status;
    }
}
