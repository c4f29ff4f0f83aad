package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.DiscussionStore;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Discussion;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Discussions: bucket {@code discussions}, key {@code <userId>.<discussionId>}. */
final class JsDiscussionStore implements DiscussionStore {
    private static final Comparator<Discussion> NEWEST_FIRST = Comparator
            .comparing(Discussion::lastMessageDate, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(Discussion::id);

    private final Records<Discussion> discussions;

    JsDiscussionStore(Records<Discussion> discussions) {
        this.discussions = discussions;
    }

    @Override
    public Discussion putDiscussion(Discussion discussion) {
        discussions.put(key(discussion.userId(), discussion.id()), discussion);
        return discussion;
    }

    @Override
    public Optional<Versioned<Discussion>> createDiscussion(Discussion discussion) {
        return discussions.create(key(discussion.userId(), discussion.id()), discussion);
    }

    @Override
    public Discussion discussion(String userId, String discussionId) {
        return versionedDiscussion(userId, discussionId).value();
    }

    @Override
    public Versioned<Discussion> versionedDiscussion(String userId, String discussionId) {
        return discussions.get(key(userId, discussionId));
    }

    @Override
    public Discussion updateDiscussion(String userId, String discussionId, UnaryOperator<Discussion> change) {
        return discussions.update(key(userId, discussionId), checked(change), (a, b) -> { }).value();
    }

    @Override
    public Versioned<Discussion> updateDiscussion(Versioned<Discussion> known, UnaryOperator<Discussion> change) {
        Discussion d = known.value();
        return discussions.update(key(d.userId(), d.id()), known, checked(change), (a, b) -> { });
    }

    private static UnaryOperator<Discussion> checked(UnaryOperator<Discussion> change) {
        return current -> {
            Discussion next = change.apply(current);
            if (!Objects.equals(next.id(), current.id()) || !Objects.equals(next.userId(), current.userId())) {
                throw new IllegalArgumentException("an update cannot change a discussion's id or user");
            }
            return next;
        };
    }

    @Override
    public void deleteDiscussion(String userId, String discussionId) {
        discussions.delete(key(userId, discussionId));
    }

    @Override
    public List<Discussion> discussionsOf(String userId) {
        List<Discussion> all = discussions.getAll(discussions.kv().keys(Keys.id("user", userId) + ".*"));
        all.sort(NEWEST_FIRST);
        return all;
    }

    private static String key(String userId, String discussionId) {
        return Keys.id("user", userId) + "." + Keys.id("discussion", discussionId);
    }
}
