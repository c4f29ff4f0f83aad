package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.RawMessage;

/** Raw messages: their metadata, their bytes, and whether they were delivered (turned into a message). */
public interface RawMessageStore {
    /**
     * Stores the bytes, then the metadata (its {@code size} set from the bytes).
     *
     * @throws RawMessageTooLargeException if {@code bytes} exceed {@link StoreSettings#maxRawMessageBytes()}
     */
    RawMessage putRawMessage(RawMessage metadata, byte[] bytes);

    /**
     * Like {@link #putRawMessage(RawMessage, byte[])} for {@code size} bytes read from {@code bytes}: a message too
     * large for one NATS message is streamed to the object store chunk by chunk, never held whole in memory.
     *
     * @throws RawMessageTooLargeException if {@code size} exceeds {@link StoreSettings#maxRawMessageBytes()}
     * @throws StoreException              if {@code bytes} cannot be read or does not hold {@code size} bytes
     */
    RawMessage putRawMessage(RawMessage metadata, java.io.InputStream bytes, long size);

    /** @throws RecordNotFoundException if absent */
    RawMessage rawMessage(String rawMessageId);

    /** The stored bytes. @throws RecordNotFoundException if absent */
    byte[] rawMessageBytes(String rawMessageId);

    /**
     * Marks a raw message delivered; idempotent, one write. {@link #rawMessage} then reads it delivered. The mark of
     * an id that has no raw message is kept until {@link #deleteRawMessage} of that id.
     */
    void markDelivered(String rawMessageId);

    /**
     * {@link #markDelivered} without waiting for the store's acknowledgement: the stage completes once the mark is
     * written, or fails. For a caller whose answer does not depend on the mark (a mark lost to a crash only keeps
     * the raw message past its retention); {@link #rawMessage} may read it undelivered until the stage completes.
     */
    default java.util.concurrent.CompletionStage<Void> markDeliveredAsync(String rawMessageId) {
        try {
            markDelivered(rawMessageId);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** Deletes metadata and bytes; a no-op if absent. */
    void deleteRawMessage(String rawMessageId);

    /**
     * Deletes raw messages marked delivered ({@link #markDelivered}) before {@code cutoff}, at most {@code max} of
     * them; raw messages never marked (drafts' attachment sources, sent mails, mails not imported yet) are kept.
     *
     * @return how many were deleted
     */
    int deleteDeliveredBefore(java.time.Instant cutoff, int max);
}
