package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.Discussion;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Discussions of users. */
public interface DiscussionStore {
    /** Creates or replaces a discussion. */
    Discussion putDiscussion(Discussion discussion);

    /**
     * Creates a discussion only if absent (compare-and-set on the absent key).
     *
     * @return the stored discussion with its revision, or empty if it exists (nothing is written)
     */
    Optional<Versioned<Discussion>> createDiscussion(Discussion discussion);

    /** @throws RecordNotFoundException if absent */
    Discussion discussion(String userId, String discussionId);

    /** The discussion with its revision. @throws RecordNotFoundException if absent */
    Versioned<Discussion> versionedDiscussion(String userId, String discussionId);

    /** Compare-and-set update (e.g. message count); re-reads and retries on conflict. */
    Discussion updateDiscussion(String userId, String discussionId, UnaryOperator<Discussion> change);

    /**
     * Compare-and-set update starting from a version read or written earlier: one write and no read when nobody
     * wrote since; otherwise re-reads and retries like {@link #updateDiscussion(String, String, UnaryOperator)}.
     *
     * @return the discussion as written, with its new revision
     * @throws RecordNotFoundException if it was deleted meanwhile
     */
    Versioned<Discussion> updateDiscussion(Versioned<Discussion> known, UnaryOperator<Discussion> change);

    /** Deletes a discussion record; a no-op if absent. */
    void deleteDiscussion(String userId, String discussionId);

    /** The user's discussions, newest last message first. */
    List<Discussion> discussionsOf(String userId);
}
