package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.ConcurrentUpdateException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.RecordTooLargeException;
import io.mailmesh.mesh.store.Versioned;
import io.nats.client.api.KeyValueEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/** JSON records of one kind in one bucket: read, write, list and compare-and-set. */
final class Records<T> {
    static final int MAX_ATTEMPTS = 100;

    private final Kv kv;
    private final Class<T> type;
    private final String kind;
    private final long maxValueBytes;

    Records(Kv kv, Class<T> type, String kind, long maxValueBytes) {
        this.kv = kv;
        this.type = type;
        this.kind = kind;
        this.maxValueBytes = maxValueBytes;
    }

    Kv kv() {
        return kv;
    }

    Optional<Versioned<T>> find(String key) {
        return kv.get(key).map(this::decode);
    }

    Versioned<T> get(String key) {
        return find(key).orElseThrow(() -> new RecordNotFoundException(kind, key));
    }

    long put(String key, T value) {
        return kv.put(key, encode(key, value));
    }

    void delete(String key) {
        kv.delete(key);
    }

    /** The records under these keys, skipping any deleted meanwhile, in key order of the input. */
    List<T> getAll(Collection<String> keys) {
        List<T> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            find(key).ifPresent(v -> out.add(v.value()));
        }
        return out;
    }

    /** Writes {@code value} only if {@code key} is absent (or deleted): the new version, or empty if it exists. */
    Optional<Versioned<T>> create(String key, T value) {
        long revision = kv.createRevision(key, encode(key, value));
        return revision == Kv.NO_WRITE ? Optional.empty() : Optional.of(new Versioned<>(value, revision));
    }

    /** Every record of the bucket, read in one pass (no read per key), in no particular order. */
    List<T> all() {
        List<KeyValueEntry> entries = kv.entries(">");
        List<T> out = new ArrayList<>(entries.size());
        for (KeyValueEntry entry : entries) {
            out.add(Json.read(entry.getValue(), type));
        }
        return out;
    }

    /**
     * Compare-and-set: reads, applies {@code change}, writes at the read revision; on conflict re-reads and
     * retries with a short random backoff. {@code afterWrite} sees (old, new) once the write won.
     */
    Versioned<T> update(String key, UnaryOperator<T> change, BiConsumer<T, T> afterWrite) {
        return update(key, null, change, afterWrite);
    }

    /**
     * Compare-and-set like {@link #update(String, UnaryOperator, BiConsumer)}, first trying {@code known} (a
     * version read or written earlier) without reading: no read at all when nobody wrote since.
     */
    Versioned<T> update(String key, Versioned<T> known, UnaryOperator<T> change, BiConsumer<T, T> afterWrite) {
        return update(key, known, change, (old, next) -> { }, afterWrite);
    }

    /**
     * Compare-and-set with a hook before each write attempt as well: {@code beforeWrite} sees (old, new) before the
     * record is written, for index entries that must exist whenever the record does.
     */
    Versioned<T> update(String key, Versioned<T> known, UnaryOperator<T> change, BiConsumer<T, T> beforeWrite,
                        BiConsumer<T, T> afterWrite) {
        Versioned<T> current = known;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (current == null) {
                current = get(key);
            }
            T next = Objects.requireNonNull(change.apply(current.value()), "the change returned null");
            beforeWrite.accept(current.value(), next);
            long revision = kv.updateRevision(key, encode(key, next), current.revision());
            if (revision != Kv.NO_WRITE) {
                afterWrite.accept(current.value(), next);
                return new Versioned<>(next, revision);
            }
            if (current != known) {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000, 200_000L * Math.min(attempt, 10)));
            }
            current = null;
        }
        throw new ConcurrentUpdateException(kind, key, MAX_ATTEMPTS);
    }

    private Versioned<T> decode(KeyValueEntry entry) {
        return new Versioned<>(Json.read(entry.getValue(), type), entry.getRevision());
    }

    private byte[] encode(String key, T value) {
        byte[] bytes = Json.write(value);
        if (bytes.length > maxValueBytes) {
            throw new RecordTooLargeException(kind, key, bytes.length, maxValueBytes);
        }
        return bytes;
    }
}
