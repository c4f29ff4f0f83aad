package io.mailmesh.mqworker.inbound;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.DiscussionStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Counts imported messages in their discussions, creating a discussion on its first message.
 *
 * <p>Counting is a compare-and-set on the discussion. Inside this process the counts of one discussion are
 * serialised by a striped lock and start from the version this process last wrote (a bounded cache), so a write
 * costs no read; when another process wrote since, the write loses, the discussion is re-read and the write
 * retried, so no count is ever lost or doubled.
 *
 * <p>Counts are written in groups (a group commit), because a burst of mails of one discussion (a mailing list)
 * would otherwise cost one store round trip per mail, each waiting for the one before: a caller queues its count
 * on its stripe and takes the stripe's lock; whoever holds the lock writes every count queued so far, all counts
 * of a discussion in one compare-and-set, and the callers whose counts it wrote meanwhile find them written when
 * they get the lock. A caller returns once the write holding its count succeeded, or throws that write's failure.
 */
@Singleton
final class DiscussionCounter {
    static final int CACHED_DISCUSSIONS = 10_000;
    private static final int STRIPES = 256;

    private final DiscussionStore discussions;
    private final Stripe[] stripes = new Stripe[STRIPES];
    private final Cache<String, Versioned<Discussion>> lastWritten = Caffeine.newBuilder()
            .maximumSize(CACHED_DISCUSSIONS).build();

    /** The counts of some discussions waiting for a write, and the lock of whoever writes them. */
    private record Stripe(ReentrantLock lock, Queue<PendingCount> pending) {
    }

    /** A count waiting for the write that holds it; {@code written} fails with that write's failure. */
    private record PendingCount(Message message, String excerpt, CompletableFuture<Void> written) {
        String discussionKey() {
            return key(message);
        }
    }

    @Inject
    DiscussionCounter(DiscussionStore discussions) {
        this.discussions = discussions;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(new ReentrantLock(), new ConcurrentLinkedQueue<>());
        }
    }

    /**
     * Adds {@code message} (its date, excerpt and participants) to its discussion, creating it if absent; returns
     * once written, together with the counts of the same discussion queued meanwhile.
     */
    void count(Message message, String excerpt) {
        PendingCount mine = new PendingCount(message, excerpt, new CompletableFuture<>());
        Stripe stripe = stripes[Math.floorMod(mine.discussionKey().hashCode(), STRIPES)];
        stripe.pending().add(mine);
        stripe.lock().lock();
        try {
            if (!mine.written().isDone()) {
                writeAll(drain(stripe.pending())); // mine among them: only a lock holder drains
            }
        } finally {
            stripe.lock().unlock();
        }
        rethrowFailure(mine);
    }

    /** Writes each discussion's counts in one compare-and-set; a failure fails only that discussion's counts. */
    private void writeAll(List<PendingCount> counts) {
        Map<String, List<PendingCount>> byDiscussion = new LinkedHashMap<>();
        for (PendingCount count : counts) {
            byDiscussion.computeIfAbsent(count.discussionKey(), k -> new ArrayList<>()).add(count);
        }
        byDiscussion.forEach((key, group) -> {
            try {
                write(key, group);
                group.forEach(count -> count.written().complete(null));
            } catch (RuntimeException | Error failure) {
                group.forEach(count -> count.written().completeExceptionally(failure));
            }
        });
    }

    private void write(String key, List<PendingCount> group) {
        UnaryOperator<Discussion> addAll = d -> {
            for (PendingCount count : group) {
                d = added(d, count.message(), count.excerpt());
            }
            return d;
        };
        Message first = group.get(0).message();
        Versioned<Discussion> known = lastWritten.getIfPresent(key);
        if (known == null) {
            known = loadOrCreate(first);
        }
        Versioned<Discussion> written;
        try {
            written = discussions.updateDiscussion(known, addAll);
        } catch (RecordNotFoundException e) {
            // deleted since this process last wrote it: start it again
            written = discussions.updateDiscussion(loadOrCreate(first), addAll);
        }
        lastWritten.put(key, written);
    }

    private static Discussion added(Discussion d, Message message, String excerpt) {
        return d.withParticipants(MessageImporter.merge(d.participants(), message.participants()))
                .withMessage(message.date(), excerpt);
    }

    private Versioned<Discussion> loadOrCreate(Message message) {
        for (int attempt = 0; ; attempt++) {
            try {
                return discussions.versionedDiscussion(message.userId(), message.discussionId());
            } catch (RecordNotFoundException e) {
                var created = discussions.createDiscussion(new Discussion(message.discussionId(), message.userId(),
                        message.participants(), 0, null, null));
                if (created.isPresent() || attempt == 3) {
                    return created.orElseThrow(() -> e);
                }
                // created by someone else meanwhile: read theirs
            }
        }
    }

    private static List<PendingCount> drain(Queue<PendingCount> pending) {
        List<PendingCount> drained = new ArrayList<>();
        for (PendingCount count = pending.poll(); count != null; count = pending.poll()) {
            drained.add(count);
        }
        return drained;
    }

    /** Throws the failure of the write that held {@code count} as it was thrown (same instance, same type). */
    private static void rethrowFailure(PendingCount count) {
        Throwable failure = count.written().handle((ok, thrown) -> thrown).join();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private static String key(Message message) {
        return message.userId() + "/" + message.discussionId();
    }
}
