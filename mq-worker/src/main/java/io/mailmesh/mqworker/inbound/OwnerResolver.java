package io.mailmesh.mqworker.inbound;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.inject.Inject;
import com.google.inject.Singleton;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a process_inbound order's user and identity: an unknown user or another user's identity is refused. A
 * user or identity that was found is reused for {@link #RECORD_TTL} (a burst of orders for one mailbox reads them
 * once; their owner cannot change, and a change of protocol or address is seen within the TTL); one that was not
 * found is read again on the next order. The list of the user's own addresses (a key listing, the costly part) is
 * cached for {@link #OWN_ADDRESSES_TTL}, and read again at once when it lacks the order's identity.
 */
@Singleton
public final class OwnerResolver {
    static final Duration OWN_ADDRESSES_TTL = Duration.ofSeconds(30);
    static final Duration RECORD_TTL = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 10_000;

    private final UserStore users;
    private final IdentityStore identities;
    private final Cache<String, User> userCache = cache(RECORD_TTL);
    private final Cache<String, Identity> identityCache = cache(RECORD_TTL);
    private final Cache<String, List<Identity>> ownAddresses = cache(OWN_ADDRESSES_TTL);

    @Inject
    OwnerResolver(UserStore users, IdentityStore identities) {
        this.users = users;
        this.identities = identities;
    }

    private static <T> Cache<String, T> cache(Duration ttl) {
        return Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_CACHED).build();
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
            user = cached(userCache, order.userId(), users::user);
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.USER_NOT_FOUND, "user " + order.userId() + " does not exist");
        }
        Identity identity;
        try {
            identity = cached(identityCache, order.remoteId(), identities::identity);
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

    /** The user's identities, {@code current} as just read among them. */
    private List<Identity> identitiesOf(String userId, Identity current) {
        List<Identity> cached = cached(ownAddresses, userId, identities::identitiesOf);
        if (cached.stream().noneMatch(i -> i.id().equals(current.id()))) {
            cached = identities.identitiesOf(userId); // an identity added since the listing was cached
            ownAddresses.put(userId, cached);
        }
        List<Identity> all = new ArrayList<>(cached);
        all.removeIf(i -> i.id().equals(current.id()));
        all.add(current);
        return all;
    }

    /**
     * The cached value, or a store read that is then cached. The read runs outside the cache (not in
     * {@code Cache.get}'s mapping function, which would hold a lock of the map during a network round trip); a read
     * that throws caches nothing, so a record not found is read again on the next order.
     */
    private static <T> T cached(Cache<String, T> cache, String key, Function<String, T> read) {
        T value = cache.getIfPresent(key);
        if (value == null) {
            value = read.apply(key);
            cache.put(key, value);
        }
        return value;
    }

    private static void requireId(String key, String value) throws OrderFailedException {
        if (!Ids.isValid(value)) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, key + " is not a valid id");
        }
    }
}
