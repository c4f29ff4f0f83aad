package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.Discussion;
import java.util.List;
import java.util.function.UnaryOperator;

/** Discussions of users. */
public interface DiscussionStore {
    /** Creates or replaces a discussion. */
    Discussion putDiscussion(Discussion discussion);

    /** @throws RecordNotFoundException if absent */
    Discussion discussion(String userId, String discussionId);

    /** Compare-and-set update (e.g. message count); re-reads and retries on conflict. */
    Discussion updateDiscussion(String userId, String discussionId, UnaryOperator<Discussion> change);

    /** Deletes a discussion record; a no-op if absent. */
    void deleteDiscussion(String userId, String discussionId);

    /** The user's discussions, newest last message first. */
    List<Discussion> discussionsOf(String userId);
}
