package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.RawMessage;

/** Raw messages: metadata in a key-value bucket, bytes in the object store. */
public interface RawMessageStore {
    /**
     * Stores the bytes, then the metadata (its {@code size} set from the bytes).
     *
     * @throws RawMessageTooLargeException if {@code bytes} exceed {@link StoreSettings#maxRawMessageBytes()}
     */
    RawMessage putRawMessage(RawMessage metadata, byte[] bytes);

    /** @throws RecordNotFoundException if absent */
    RawMessage rawMessage(String rawMessageId);

    /** The stored bytes. @throws RecordNotFoundException if absent */
    byte[] rawMessageBytes(String rawMessageId);

    /** Marks a raw message delivered (compare-and-set). @throws RecordNotFoundException if absent */
    RawMessage markDelivered(String rawMessageId);

    /** Deletes metadata and bytes; a no-op if absent. */
    void deleteRawMessage(String rawMessageId);
}
