package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.RawMessageTooLargeException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.model.RawMessage;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import java.util.function.Supplier;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.support.NatsJetStreamClientError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.security.NoSuchAlgorithmException;

/**
 * Raw messages: metadata in bucket {@code raw_messages} (key {@code <id>}) with its delivered mark beside it (key
 * {@code <id>.delivered}, one blind write instead of a read and a compare-and-set); the bytes in bucket
 * {@code raw_inline} (key {@code <id>}) when they fit in one NATS message, else in object store {@code raw_bytes}.
 * A mail of a usual size is so written and read in one round trip each, where the object store takes two to four
 * (its metadata, its chunks, a digest, and a consumer for a mail of several chunks).
 */
final class JsRawMessageStore implements RawMessageStore {
    private static final String DELIVERED_SUFFIX = ".delivered";
    private static final byte[] DELIVERED = {'1'};

    private final Records<RawMessage> metadata;
    private final Kv inline;
    private final Supplier<ObjectStore> bytes;
    private final long maxBytes;
    private final long inlineLimit;

    /**
     * @param inlineLimit the largest raw message kept in {@code inline}; larger ones go to the object store
     */
    JsRawMessageStore(Records<RawMessage> metadata, Kv inline, Supplier<ObjectStore> bytes, long maxBytes, long inlineLimit) {
        this.metadata = metadata;
        this.inline = inline;
        this.bytes = bytes;
        this.maxBytes = maxBytes;
        this.inlineLimit = inlineLimit;
    }

    @Override
    public RawMessage putRawMessage(RawMessage raw, byte[] content) {
        String id = Keys.id("raw message", raw.id());
        if (content.length > maxBytes) {
            throw new RawMessageTooLargeException(content.length, maxBytes);
        }
        if (content.length <= inlineLimit) {
            inline.put(id, content);
        } else {
            try {
                bytes.get().put(ObjectMeta.objectName(id), new java.io.ByteArrayInputStream(content));
            } catch (IOException | JetStreamApiException | NoSuchAlgorithmException e) {
                throw new StoreException("cannot store raw message " + id + ": " + e.getMessage(), e);
            }
        }
        RawMessage stored = raw.withSize(content.length);
        metadata.put(id, stored);
        return stored;
    }

    @Override
    public RawMessage putRawMessage(RawMessage raw, java.io.InputStream content, long size) {
        String id = Keys.id("raw message", raw.id());
        if (size > maxBytes) {
            throw new RawMessageTooLargeException(size, maxBytes);
        }
        try {
            if (size <= inlineLimit) {
                byte[] small = content.readNBytes((int) size);
                if (small.length != size || content.read() != -1) {
                    throw new StoreException("raw message " + id + " does not hold the " + size + " bytes announced");
                }
                inline.put(id, small);
            } else {
                ObjectInfo stored = bytes.get().put(ObjectMeta.objectName(id), content);
                if (stored.getSize() != size) {
                    bytes.get().delete(id);
                    throw new StoreException("raw message " + id + " does not hold the " + size + " bytes announced");
                }
            }
        } catch (IOException | JetStreamApiException | NoSuchAlgorithmException e) {
            throw new StoreException("cannot store raw message " + id + ": " + e.getMessage(), e);
        }
        RawMessage stored = raw.withSize(size);
        metadata.put(id, stored);
        return stored;
    }

    @Override
    public RawMessage rawMessage(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        RawMessage stored = metadata.get(id).value();
        return stored.delivered() || metadata.kv().get(id + DELIVERED_SUFFIX).isEmpty() ? stored
                : stored.withDelivered(true);
    }

    @Override
    public byte[] rawMessageBytes(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        Optional<KeyValueEntry> small = inline.get(id);
        if (small.isPresent()) {
            return small.get().getValue();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bytes.get().get(id, out);
            return out.toByteArray();
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(NatsJetStreamClientError.OsObjectNotFound.id())) {
                throw new RecordNotFoundException("raw message", id);
            }
            throw new StoreException("cannot read raw message " + id + ": " + e.getMessage(), e);
        } catch (IOException | JetStreamApiException | NoSuchAlgorithmException e) {
            throw new StoreException("cannot read raw message " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted reading raw message " + id, e);
        }
    }

    @Override
    public void markDelivered(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        metadata.kv().put(id + DELIVERED_SUFFIX, DELIVERED);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> markDeliveredAsync(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        return metadata.kv().putAsync(id + DELIVERED_SUFFIX, DELIVERED);
    }

    @Override
    public void deleteRawMessage(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        metadata.delete(id);
        metadata.kv().delete(id + DELIVERED_SUFFIX);
        inline.delete(id);
        try {
            ObjectInfo info = bytes.get().getInfo(id);
            if (info != null && !info.isDeleted()) {
                bytes.get().delete(id);
            }
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot delete raw message " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteDeliveredBefore(Instant cutoff, int max) {
        int deleted = 0;
        for (KeyValueEntry mark : metadata.kv().entries("*" + DELIVERED_SUFFIX)) {
            if (deleted >= max) {
                break;
            }
            if (mark.getCreated() != null && mark.getCreated().toInstant().isBefore(cutoff)) {
                String key = mark.getKey();
                deleteRawMessage(key.substring(0, key.length() - DELIVERED_SUFFIX.length()));
                deleted++;
            }
        }
        return deleted;
    }
}
