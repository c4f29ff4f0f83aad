package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.DiscussionStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mqworker.support.StripedLocks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts imported messages in their discussions, creating a discussion on its first message.
 *
 * <p>Counting is a compare-and-set on the discussion. Inside this process the counts of one discussion are
 * serialised by a striped lock and start from the version this process last wrote (a bounded cache), so a count
 * costs one write and no read; when another process wrote since, the write loses, the discussion is re-read and
 * the count retried, so no count is ever lost or doubled.
 */
@Singleton
final class DiscussionCounter {
    static final int CACHED_DISCUSSIONS = 10_000;

    private final DiscussionStore discussions;
    private final StripedLocks locks = new StripedLocks(256);
    private final Map<String, Versioned<Discussion>> lastWritten = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Versioned<Discussion>> eldest) {
            return size() > CACHED_DISCUSSIONS;
        }
    };

    @Inject
    DiscussionCounter(DiscussionStore discussions) {
        this.discussions = discussions;
    }

    /** Adds {@code message} (its date, excerpt and participants) to its discussion, creating it if absent. */
    void count(Message message, String excerpt) {
        String key = message.userId() + "/" + message.discussionId();
        locks.withLock(key, () -> {
            Versioned<Discussion> known = cached(key);
            if (known == null) {
                known = loadOrCreate(message);
            }
            Versioned<Discussion> written;
            try {
                written = discussions.updateDiscussion(known, d -> added(d, message, excerpt));
            } catch (RecordNotFoundException e) {
                // deleted since this process last wrote it: start it again
                written = discussions.updateDiscussion(loadOrCreate(message), d -> added(d, message, excerpt));
            }
            remember(key, written);
            return null;
        });
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

    private Versioned<Discussion> cached(String key) {
        synchronized (lastWritten) {
            return lastWritten.get(key);
        }
    }

    private void remember(String key, Versioned<Discussion> written) {
        synchronized (lastWritten) {
            lastWritten.put(key, written);
        }
    }
}
