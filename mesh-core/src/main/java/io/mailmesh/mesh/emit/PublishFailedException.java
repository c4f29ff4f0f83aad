package io.mailmesh.mesh.emit;

/** An order that could not be published: NATS is unreachable or the stream did not acknowledge it. */
public final class PublishFailedException extends RuntimeException {
    private final boolean streamFull;

    public PublishFailedException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public PublishFailedException(String message, Throwable cause, boolean streamFull) {
        super(message, cause);
        this.streamFull = streamFull;
    }

    /**
     * The orders stream refused the order because it is at its limit ({@code MESH_ORDERS_MAX_BYTES}): NATS is up,
     * the workers are behind. Retrying at once does not help.
     */
    public boolean streamFull() {
        return streamFull;
    }
}
