package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.UserStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.orders.MessageOrder;

/**
 * Checks a process_inbound order's user and identity: an unknown user or another user's identity is refused. A
 * user or identity that was found is reused for {@link #RECORD_TTL} (a burst of orders for one mailbox reads them
 * once; their owner cannot change, and a change of protocol or address is seen within the TTL); one that was not
 * found is read again on the next order. The list of the user's own addresses (a key listing, the costly part) is
 * cached for {@link #OWN_ADDRESSES_TTL}.
 */
@com.google.inject.Singleton
public final class OwnerResolver {
    static final java.time.Duration OWN_ADDRESSES_TTL = java.time.Duration.ofSeconds(30);
    static final java.time.Duration RECORD_TTL = java.time.Duration.ofSeconds(5);
    private static final int MAX_CACHED = 10_000;

    private final UserStore users;
    private final IdentityStore identities;
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> ownAddresses =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.ConcurrentHashMap<String, Timed<User>> userCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Timed<Identity>> identityCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Cached(long expiresAtNanos, java.util.List<Identity> identities) {
    }

    private record Timed<T>(long expiresAtNanos, T value) {
    }

    @Inject
    OwnerResolver(UserStore users, IdentityStore identities) {
        this.users = users;
        this.identities = identities;
    }

    /**
     * @param twitter whether the order came on inboundTwitter (the identity must then be a Twitter one, and an
     *                e-mail one otherwise)
     */
    Owner resolve(MessageOrder order, boolean twitter) throws OrderFailedException {
        requireId("user_id", order.userId());
        requireId("remote_id", order.remoteId());
        requireId("message_id", order.messageId());
        User user;
        try {
            user = fresh(userCache, order.userId(), users::user);
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.USER_NOT_FOUND, "user " + order.userId() + " does not exist");
        }
        Identity identity;
        try {
            identity = fresh(identityCache, order.remoteId(), identities::identity);
        } catch (RecordNotFoundException e) {
            throw UserIdentities.notFound(order.remoteId());
        }
        UserIdentities.requireOwner(identity, user.id());
        if (twitter != (identity.protocol() == Protocol.TWITTER)) {
            throw OrderFailedException.rejected(ErrorCode.WRONG_PROTOCOL, "identity " + order.remoteId() + " is a "
                    + identity.protocol().wireName() + " identity, not " + (twitter ? "a Twitter" : "an e-mail")
                    + " one");
        }
        return Owner.of(user, identity, identitiesOf(user.id(), identity));
    }

    private java.util.List<Identity> identitiesOf(String userId, Identity current) {
        long now = System.nanoTime();
        Cached cached = ownAddresses.get(userId);
        if (cached == null || cached.expiresAtNanos() - now < 0
                || cached.identities().stream().noneMatch(i -> i.id().equals(current.id()))) {
            if (ownAddresses.size() > 10_000) {
                ownAddresses.clear();
            }
            cached = new Cached(now + OWN_ADDRESSES_TTL.toNanos(), identities.identitiesOf(userId));
            ownAddresses.put(userId, cached);
        }
        java.util.List<Identity> all = new java.util.ArrayList<>(cached.identities());
        all.removeIf(i -> i.id().equals(current.id()));
        all.add(current);
        return all;
    }

    /** The cached record of {@code id} if read less than {@link #RECORD_TTL} ago, else a fresh read. */
    private static <T> T fresh(java.util.concurrent.ConcurrentHashMap<String, Timed<T>> cache, String id,
            java.util.function.Function<String, T> read) {
        long now = System.nanoTime();
        Timed<T> cached = cache.get(id);
        if (cached != null && cached.expiresAtNanos() - now > 0) {
            return cached.value();
        }
        T value = read.apply(id);
        if (cache.size() > MAX_CACHED) {
            cache.clear();
        }
        cache.put(id, new Timed<>(now + RECORD_TTL.toNanos(), value));
        return value;
    }

    private static void requireId(String key, String value) throws OrderFailedException {
        if (!Ids.isValid(value)) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, key + " is not a valid id");
        }
    }
}
