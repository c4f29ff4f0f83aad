package io.mailmesh.mesh.store.model;

/**
 * Metadata of a raw message; its bytes live in the object store (see {@code RawMessageStore}).
 *
 * @param id        raw message id
 * @param size      size of the bytes (set by the store on put)
 * @param delivered whether it was delivered (turned into a {@link Message})
 * @param fetch     fetch metadata, or null for a message received by SMTP without it
 */
public record RawMessage(String id, long size, boolean delivered, FetchMetadata fetch) {
    public RawMessage withDelivered(boolean isDelivered) {
        return new RawMessage(id, size, isDelivered, fetch);
    }

    public RawMessage withSize(long newSize) {
        return new RawMessage(id, newSize, delivered, fetch);
    }
}
