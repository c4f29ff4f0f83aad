package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.RawMessageTooLargeException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.model.RawMessage;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.support.NatsJetStreamClientError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;

/** Raw messages: metadata in bucket {@code raw_messages} (key {@code <id>}), bytes in object store {@code raw_bytes}. */
final class JsRawMessageStore implements RawMessageStore {
    private final Records<RawMessage> metadata;
    private final ObjectStore bytes;
    private final long maxBytes;

    JsRawMessageStore(Records<RawMessage> metadata, ObjectStore bytes, long maxBytes) {
        this.metadata = metadata;
        this.bytes = bytes;
        this.maxBytes = maxBytes;
    }

    @Override
    public RawMessage putRawMessage(RawMessage raw, byte[] content) {
        String id = Keys.id("raw message", raw.id());
        if (content.length > maxBytes) {
            throw new RawMessageTooLargeException(content.length, maxBytes);
        }
        try {
            bytes.put(ObjectMeta.objectName(id), new java.io.ByteArrayInputStream(content));
        } catch (IOException | JetStreamApiException | NoSuchAlgorithmException e) {
            throw new StoreException("cannot store raw message " + id + ": " + e.getMessage(), e);
        }
        RawMessage stored = raw.withSize(content.length);
        metadata.put(id, stored);
        return stored;
    }

    @Override
    public RawMessage rawMessage(String rawMessageId) {
        return metadata.get(Keys.id("raw message", rawMessageId)).value();
    }

    @Override
    public byte[] rawMessageBytes(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        try {
            // one metadata read and, for an object of one chunk, one direct read of that chunk
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            bytes.get(id, out);
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
    public RawMessage markDelivered(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        return metadata.update(id, r -> r.withDelivered(true), (a, b) -> { }).value();
    }

    @Override
    public void deleteRawMessage(String rawMessageId) {
        String id = Keys.id("raw message", rawMessageId);
        metadata.delete(id);
        try {
            ObjectInfo info = bytes.getInfo(id);
            if (info != null && !info.isDeleted()) {
                bytes.delete(id);
            }
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot delete raw message " + id + ": " + e.getMessage(), e);
        }
    }
}
