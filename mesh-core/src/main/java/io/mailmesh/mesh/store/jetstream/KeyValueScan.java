package io.mailmesh.mesh.store.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last entry of each live key of a bucket matching a subject filter, read in one pass over its stream (an
 * ordered consumer delivering the last value of each key), whole or not at all. Not jnats' {@code KeyValue.keys}:
 * that one stops at the first gap between two keys longer than its request timeout and returns what it has, so on
 * a busy or stalled server a listing came back short, even empty, with no error (see {@code KvListingTest}).
 */
public final class KeyValueScan {
    private KeyValueScan() {
    }

    /**
     * @param withValues false reads headers only: the entries have keys and revisions, no values
     * @param limit      how long the whole scan may take
     * @throws TimeoutException when the scan did not finish within {@code limit}; the message says how far it got
     */
    public static List<KeyValueEntry> entries(KeyValue kv, String filter, boolean withValues, Duration limit)
            throws IOException, JetStreamApiException, InterruptedException, TimeoutException {
        Collector collector = new Collector(withValues);
        NatsKeyValueWatchSubscription watch = withValues
                ? kv.watch(filter, collector, KeyValueWatchOption.IGNORE_DELETE)
                : kv.watch(filter, collector, KeyValueWatchOption.IGNORE_DELETE, KeyValueWatchOption.META_ONLY);
        try {
            if (!collector.done.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("no end of " + kv.getBucketName() + " " + filter + " within " + limit
                        + ", after " + collector.size() + " entries");
            }
            return collector.entries();
        } finally {
            watch.unsubscribe();
        }
    }

    /** The live keys matching {@code filter}, in no particular order; as {@link #entries}, headers only. */
    public static List<String> keys(KeyValue kv, String filter, Duration limit)
            throws IOException, JetStreamApiException, InterruptedException, TimeoutException {
        return entries(kv, filter, false, limit).stream().map(KeyValueEntry::getKey).toList();
    }

    /** Collects a watch's initial values (or only their keys and metadata), then signals the end of data. */
    private static final class Collector implements KeyValueWatcher {
        private final boolean withValues;
        private final List<KeyValueEntry> entries = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);

        Collector(boolean withValues) {
            this.withValues = withValues;
        }

        @Override
        public synchronized void watch(KeyValueEntry entry) {
            if (done.getCount() > 0 && entry.getOperation() == KeyValueOperation.PUT
                    && (!withValues || entry.getValue() != null)) {
                entries.add(entry);
            }
        }

        synchronized int size() {
            return entries.size();
        }

        synchronized List<KeyValueEntry> entries() {
            return new ArrayList<>(entries);
        }

        @Override
        public void endOfData() {
            done.countDown();
        }
    }
}
