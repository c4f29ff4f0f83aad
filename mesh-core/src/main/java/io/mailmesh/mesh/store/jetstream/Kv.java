package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.StoreException;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** One key-value bucket with unchecked failures. */
final class Kv {
    /** JetStream's "wrong last sequence": a compare-and-set lost. */
    private static final int WRONG_LAST_SEQUENCE = 10071;

    private final KeyValue kv;

    Kv(KeyValue kv) {
        this.kv = kv;
    }

    String name() {
        return kv.getBucketName();
    }

    KeyValue raw() {
        return kv;
    }

    /** The current value and revision, empty if absent or deleted. */
    Optional<KeyValueEntry> get(String key) {
        try {
            return Optional.ofNullable(kv.get(key)).filter(e -> e.getValue() != null);
        } catch (IOException | JetStreamApiException e) {
            throw failure("read", key, e);
        }
    }

    long put(String key, byte[] value) {
        try {
            return kv.put(key, value);
        } catch (IOException | JetStreamApiException e) {
            throw failure("write", key, e);
        }
    }

    /** Writes only if the key is still at {@code revision}; false if someone wrote in between. */
    boolean update(String key, byte[] value, long revision) {
        try {
            kv.update(key, value, revision);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw failure("update", key, e);
        } catch (IOException e) {
            throw failure("update", key, e);
        }
    }

    /** Writes only if the key is absent (or deleted); false if it exists. */
    boolean create(String key, byte[] value) {
        try {
            kv.create(key, value);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw failure("create", key, e);
        } catch (IOException e) {
            throw failure("create", key, e);
        }
    }

    /** The value as text, empty if absent. */
    Optional<String> getString(String key) {
        return get(key).map(KeyValueEntry::getValueAsString);
    }

    /** Deletes {@code key} if it still holds {@code value}. */
    void deleteIfHolds(String key, String value) {
        if (getString(key).filter(value::equals).isPresent()) {
            delete(key);
        }
    }

    void delete(String key) {
        try {
            kv.delete(key);
        } catch (IOException | JetStreamApiException e) {
            throw failure("delete", key, e);
        }
    }

    /** Live keys matching a subject filter (wildcards allowed), in no particular order. */
    List<String> keys(String filter) {
        try {
            return kv.keys(filter);
        } catch (IOException | JetStreamApiException e) {
            throw failure("list", filter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted listing " + kv.getBucketName() + " " + filter, e);
        }
    }

    private StoreException failure(String what, String key, Exception e) {
        return new StoreException("cannot " + what + " " + kv.getBucketName() + " " + key + ": " + e.getMessage(), e);
    }
}
