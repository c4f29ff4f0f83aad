package io.mailmesh.mesh.store;

/** A raw message above the configured limit ({@link StoreSettings#maxRawMessageBytes()}). */
public class RawMessageTooLargeException extends StoreException {
    private final long size;
    private final long limit;

    public RawMessageTooLargeException(long size, long limit) {
        super("raw message too large: " + size + " bytes, the limit is " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }
}
