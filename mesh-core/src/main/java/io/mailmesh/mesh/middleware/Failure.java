package io.mailmesh.mesh.middleware;

/**
 * Why an order failed.
 *
 * @param code      stable reason, sent in error replies and dead letters
 * @param message   a sentence safe to send back (no secrets)
 * @param retryable whether a durable order is retried
 * @param status    the numeric {@code Nats-Service-Error-Code}
 * @param cause     the exception, kept for logs only
 */
public record Failure(String code, String message, boolean retryable, int status, Throwable cause) {
}
