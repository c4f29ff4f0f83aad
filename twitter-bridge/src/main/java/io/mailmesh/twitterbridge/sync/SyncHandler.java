package io.mailmesh.twitterbridge.sync;

import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.RequestUnansweredException;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.twitterbridge.TwitterSettings;
import io.mailmesh.twitterbridge.account.AccountRegistry;
import io.mailmesh.twitterbridge.account.DmEvent;
import io.mailmesh.twitterbridge.account.DmIds;
import io.mailmesh.twitterbridge.account.FailurePolicy;
import io.mailmesh.twitterbridge.account.RawDms;
import io.mailmesh.twitterbridge.account.TwitterAccount;
import io.mailmesh.twitterbridge.account.TwitterIdentities;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * {@code sync} on twitter_dm: imports the direct messages newer than the identity's last seen DM id, oldest
 * first. Each is stored as a raw message and handed to mq-worker with {@code process_inbound} on inboundTwitter;
 * the last seen id then advances (compare-and-set). DMs the account itself sent are not imported again (they are
 * the copies of what this bridge delivered) but still advance the cursor.
 */
public final class SyncHandler implements OrderHandler<RemoteOrder> {
    private static final Logger LOG = LoggerFactory.getLogger(SyncHandler.class);

    private final TwitterSettings settings;
    private final TwitterIdentities twitterIdentities;
    private final IdentityStore identities;
    private final AccountRegistry registry;
    private final FailurePolicy failures;
    private final RawDms rawDms;
    private final Clock clock;

    @Inject
    public SyncHandler(TwitterSettings settings, TwitterIdentities twitterIdentities, IdentityStore identities,
                       AccountRegistry registry, FailurePolicy failures, RawDms rawDms, Clock clock) {
        this.settings = settings;
        this.twitterIdentities = twitterIdentities;
        this.identities = identities;
        this.registry = registry;
        this.failures = failures;
        this.rawDms = rawDms;
        this.clock = clock;
    }

    @Override
    public Reply handle(RemoteOrder order, OrderContext context) throws Exception {
        Identity identity = twitterIdentities.loadActive(order.remoteId(), order.userId());
        TwitterAccount account = registry.obtain(identity);
        if (account.isBlockedAt(clock.instant())) {
            throw failures.stillRateLimited(account);
        }
        if (!account.syncLock().tryLock()) {
            return Reply.ok("a sync of identity " + identity.id() + " is already running");
        }
        try {
            return sync(identity, account, context.emitter());
        } catch (TwitterException e) {
            throw failures.onFailure(e, identity, account, context.emitter(), true);
        } finally {
            account.syncLock().unlock();
        }
    }

    private Reply sync(Identity identity, TwitterAccount account, OrderEmitter emitter)
            throws TwitterException, OrderFailedException {
        BigInteger lastSeen;
        try {
            lastSeen = DmIds.parse(identity.syncState().lastSeenDmId());
        } catch (IllegalArgumentException e) {
            throw OrderFailedException.rejected(ErrorCode.CORRUPT_SYNC_STATE, "identity " + identity.id()
                    + " holds a last seen DM id that is not a number");
        }
        List<DmEvent> fresh = new DmHistory(account.api()).newerThan(lastSeen);
        if (fresh.isEmpty()) {
            failures.onSuccess(identity, emitter);
            return Reply.ok("no new direct messages");
        }
        long self = account.ownUserId();
        Map<Long, String> names = screenNames(account, fresh, self);
        int imported = 0;
        int own = 0;
        for (DmEvent event : fresh) {
            if (event.senderId() == self) {
                own++;
            } else {
                importDm(identity, event, names, emitter);
                imported++;
            }
            advance(identity.id(), event.id());
        }
        failures.onSuccess(identity, emitter);
        String message = "imported " + imported + " direct message" + (imported == 1 ? "" : "s") + ", skipped "
                + own + " sent by the account itself";
        LOG.info("sync of identity {}: {}", identity.id(), message);
        return Reply.ok(message);
    }

    private Map<Long, String> screenNames(TwitterAccount account, List<DmEvent> events, long self)
            throws TwitterException {
        Set<Long> others = events.stream()
                .filter(e -> e.senderId() != self)
                .flatMap(e -> Stream.of(e.senderId(), e.recipientId()))
                .filter(id -> id != self)
                .collect(Collectors.toSet());
        Map<Long, String> names = new java.util.HashMap<>(others.isEmpty() ? Map.of()
                : account.api().screenNames(others));
        names.put(self, account.screenName());
        return names;
    }

    private void importDm(Identity identity, DmEvent event, Map<Long, String> names, OrderEmitter emitter)
            throws OrderFailedException {
        RawMessage raw = rawDms.store(identity.id(), event, nameOf(names, event.senderId()),
                nameOf(names, event.recipientId()), false);
        MessageOrder inbound = MessageOrder.processInbound(raw.id(), identity.id(), identity.userId());
        Reply reply;
        try {
            reply = emitter.request(Routes.INBOUND_TWITTER, inbound, settings.inboundTimeout());
        } catch (RequestUnansweredException e) {
            throw OrderFailedException.unavailable(ErrorCode.INBOUND_UNAVAILABLE, "process_inbound of direct message "
                    + event.id() + " got no reply (" + e.getMessage() + "); the sync stops before it", e);
        }
        if (reply.error()) {
            throw OrderFailedException.unavailable(ErrorCode.INBOUND_FAILED, "process_inbound of direct message "
                    + event.id() + " failed: " + reply.code() + " " + reply.message() + "; the sync stops before it",
                    null);
        }
        try {
            rawDms.markDelivered(raw.id());
        } catch (StoreException e) {
            LOG.warn("identity {}: direct message {} was imported but could not be marked delivered: {}",
                    identity.id(), event.id(), e.toString());
        }
    }

    private void advance(String identityId, BigInteger dmId) {
        identities.updateSyncState(identityId, s -> s.withLastSeenDmId(DmIds.max(s.lastSeenDmId(), dmId)));
    }

    private static String nameOf(Map<Long, String> names, long userId) {
        String name = names.get(userId);
        return name == null ? String.valueOf(userId) : name;
    }
}
