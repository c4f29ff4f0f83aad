package io.mailmesh.mesh.emit;

/** An order that could not be published: NATS is unreachable or the stream did not acknowledge it. */
public final class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
