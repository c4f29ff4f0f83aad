package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.StoreException;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.function.Supplier;

/** One key-value bucket with unchecked failures. */
final class Kv {
    /** JetStream's "wrong last sequence": a compare-and-set lost. */
    private static final int WRONG_LAST_SEQUENCE = 10071;

    /** Returned by {@link #updateRevision} and {@link #createRevision} when the condition did not hold. */
    static final long NO_WRITE = -1;

    private static final Duration ENTRIES_TIMEOUT = Duration.ofSeconds(60);

    /** How long {@link #putAll} waits for the server's acknowledgements. */
    private static final Duration PUT_ALL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Supplier<KeyValue> opener;
    private final JetStream js;
    private volatile KeyValue kv;

    /**
     * @param opener opens (and where allowed creates) the bucket on first use, so an executable never touches a
     *               bucket it does not use: its credentials may not even allow looking at it
     */
    Kv(String name, Supplier<KeyValue> opener, JetStream js) {
        this.name = name;
        this.opener = opener;
        this.js = js;
    }

    String name() {
        return name;
    }

    KeyValue raw() {
        return kv();
    }

    private KeyValue kv() {
        KeyValue open = kv;
        if (open == null) {
            synchronized (this) {
                if (kv == null) {
                    kv = opener.get();
                }
                open = kv;
            }
        }
        return open;
    }

    /** The current value and revision, empty if absent or deleted. */
    Optional<KeyValueEntry> get(String key) {
        try {
            return Optional.ofNullable(kv().get(key)).filter(e -> e.getValue() != null);
        } catch (IOException | JetStreamApiException e) {
            throw failure("read", key, e);
        }
    }

    long put(String key, byte[] value) {
        try {
            return kv().put(key, value);
        } catch (IOException | JetStreamApiException e) {
            throw failure("write", key, e);
        }
    }

    /**
     * A plain put whose acknowledgement is not awaited: the stage completes when the server has the value, or fails
     * with the store's failure.
     */
    CompletableFuture<Void> putAsync(String key, byte[] value) {
        try {
            return js.publishAsync("$KV." + kv().getBucketName() + "." + key, value).handle((ack, e) -> {
                if (e != null) {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    throw failure("write", key, cause instanceof Exception c ? c : new Exception(cause));
                }
                return null;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure("write", key, e));
        }
    }

    /**
     * Writes several keys side by side (all sent, then all acknowledgements awaited: one round trip's wait instead
     * of one per key). Each write is a plain put; when one fails the others may have landed.
     */
    void putAll(java.util.Map<String, byte[]> values) {
        if (values.size() == 1) {
            var only = values.entrySet().iterator().next();
            put(only.getKey(), only.getValue());
            return;
        }
        java.util.Map<String, CompletableFuture<PublishAck>> acks = new java.util.LinkedHashMap<>();
        values.forEach((key, value) -> acks.put(key, js.publishAsync("$KV." + kv().getBucketName() + "." + key,
                value)));
        long deadline = System.nanoTime() + PUT_ALL_TIMEOUT.toNanos();
        for (var ack : acks.entrySet()) {
            try {
                ack.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw failure("write", ack.getKey(), e.getCause() instanceof Exception c ? c : e);
            } catch (TimeoutException e) {
                throw failure("write", ack.getKey(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("write", ack.getKey(), e);
            }
        }
    }

    /** Writes only if the key is still at {@code revision}; false if someone wrote in between. */
    boolean update(String key, byte[] value, long revision) {
        return updateRevision(key, value, revision) != NO_WRITE;
    }

    /** Like {@link #update}, returning the new revision, or {@link #NO_WRITE} if someone wrote in between. */
    long updateRevision(String key, byte[] value, long revision) {
        try {
            return kv().update(key, value, revision);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return NO_WRITE;
            }
            throw failure("update", key, e);
        } catch (IOException e) {
            throw failure("update", key, e);
        }
    }

    /** Writes only if the key is absent (or deleted); false if it exists. */
    boolean create(String key, byte[] value) {
        return createRevision(key, value) != NO_WRITE;
    }

    /** Like {@link #create}, returning the new revision, or {@link #NO_WRITE} if the key exists. */
    long createRevision(String key, byte[] value) {
        try {
            return kv().create(key, value);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return NO_WRITE;
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
            kv().delete(key);
        } catch (IOException | JetStreamApiException e) {
            throw failure("delete", key, e);
        }
    }

    /** Live keys matching a subject filter (wildcards allowed), in no particular order: whole, or a failure. */
    List<String> keys(String filter) {
        return scan("list", filter, false).stream().map(KeyValueEntry::getKey).toList();
    }

    /** The live entries whose keys match a subject filter (wildcards allowed), read in one pass: whole, or a failure. */
    List<KeyValueEntry> entries(String filter) {
        return scan("read", filter, true);
    }

    private List<KeyValueEntry> scan(String what, String filter, boolean withValues) {
        try {
            return KeyValueScan.entries(kv(), filter, withValues, ENTRIES_TIMEOUT);
        } catch (IOException | JetStreamApiException | TimeoutException e) {
            throw failure(what, filter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted " + what + "ing " + kv().getBucketName() + " " + filter, e);
        }
    }

    private StoreException failure(String what, String key, Exception e) {
        return new StoreException("cannot " + what + " " + kv().getBucketName() + " " + key + ": " + e.getMessage(), e);
    }
}
