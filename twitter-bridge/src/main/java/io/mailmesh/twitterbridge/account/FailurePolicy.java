package io.mailmesh.twitterbridge.account;

import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import io.mailmesh.twitterbridge.TwitterSettings;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * What the bridge does when Twitter says no. A rate limit backs off: the identity's poll interval is doubled
 * (bounded, and at least until the limit resets) through {@code update_interval}, and the account makes no call
 * before the reset time. A rejected token is recorded on the identity and its worker stopped; after repeated
 * rejections the identity is made inactive and {@code update_identity} is emitted. A successful sync ends the
 * back-off: the configured interval is sent back with {@code update_interval}.
 */
public final class FailurePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final TwitterSettings settings;
    private final IdentityStore identities;
    private final AccountRegistry registry;
    private final Clock clock;

    @Inject
    public FailurePolicy(TwitterSettings settings, IdentityStore identities, AccountRegistry registry, Clock clock) {
        this.settings = settings;
        this.identities = identities;
        this.registry = registry;
        this.clock = clock;
    }

    /** The exception to throw for a failed Twitter call, after acting on it. */
    public OrderFailedException onFailure(TwitterException e, Identity identity, TwitterAccount account,
                                          OrderEmitter emitter, boolean backOffPolling) {
        TwitterFailure failure = TwitterFailure.of(e);
        return switch (failure.kind()) {
            case RATE_LIMITED -> rateLimited(failure, identity, account, emitter, backOffPolling);
            case TOKEN_REJECTED -> tokenRejected(failure, identity, emitter);
            case NOT_FOUND -> OrderFailedException.notFound(ErrorCode.TWITTER_NOT_FOUND, failure.summary());
            case REFUSED -> OrderFailedException.rejected(ErrorCode.TWITTER_REFUSED, failure.summary());
            case UNAVAILABLE -> OrderFailedException.unavailable(ErrorCode.TWITTER_UNAVAILABLE, failure.summary(), e);
        };
    }

    /** Records a successful sync; if a back-off was in force, restores the configured poll interval. */
    public void onSuccess(Identity identity, OrderEmitter emitter) {
        Identity before = identities.identity(identity.id());
        identities.updateSyncState(identity.id(), s -> s.withSuccess(clock.instant()));
        if (before.syncState().backoffMinutes() > 0) {
            LOG.info("identity {}: Twitter answers again; poll interval restored to {} minutes", identity.id(),
                    before.pollIntervalMinutes());
            emitter.publish(Routes.IDENTITIES, IdentityOrder.of(OrderType.UPDATE_INTERVAL, identity.id(),
                    String.valueOf(Math.max(1, before.pollIntervalMinutes())), Protocol.TWITTER.wireName(),
                    identity.userId()));
        }
    }

    /** The refusal of a call made while the account waits for its rate limit to reset. */
    public OrderFailedException stillRateLimited(TwitterAccount account) {
        return OrderFailedException.unavailable(ErrorCode.RATE_LIMITED, "Twitter rate limit for identity "
                + account.identityId() + " resets at " + account.blockedUntil() + "; not calling before", null);
    }

    /**
     * The current poll interval (the back-off in force, else the configured one) doubled, at least the time to the
     * reset, at most the configured bound.
     */
    public int backedOffInterval(int currentMinutes, Duration untilReset) {
        long doubled = Math.max(1, currentMinutes) * 2L;
        long resetMinutes = (untilReset.toSeconds() + 59) / 60;
        return (int) Math.min(settings.maxBackoffMinutes(), Math.max(doubled, resetMinutes));
    }

    private OrderFailedException rateLimited(TwitterFailure failure, Identity identity, TwitterAccount account,
                                             OrderEmitter emitter, boolean backOffPolling) {
        Instant now = clock.instant();
        Duration wait = failure.retryAfter().isZero() ? Duration.ofMinutes(1) : failure.retryAfter();
        account.blockUntil(now.plus(wait));
        String message = failure.summary() + " for identity " + identity.id() + "; no call before "
                + account.blockedUntil();
        if (backOffPolling) {
            int interval = backedOffInterval(identity.currentPollMinutes(), failure.retryAfter());
            emitter.publish(Routes.IDENTITIES, IdentityOrder.of(OrderType.UPDATE_INTERVAL, identity.id(),
                    String.valueOf(interval), Protocol.TWITTER.wireName(), identity.userId()));
            message += "; poll interval raised to " + interval + " minutes";
        }
        LOG.warn(message);
        return OrderFailedException.unavailable(ErrorCode.RATE_LIMITED, message, null);
    }

    private OrderFailedException tokenRejected(TwitterFailure failure, Identity identity, OrderEmitter emitter) {
        Instant now = clock.instant();
        registry.remove(identity.id());
        Identity updated = identities.updateSyncState(identity.id(), s -> s.withError(failure.summary(), now));
        int failures = updated.syncState().errorCount();
        String message = failure.summary() + " for identity " + identity.id() + " (" + failures
                + " consecutive failure" + (failures == 1 ? "" : "s") + "); its worker is stopped";
        if (failures >= settings.authFailuresBeforeInactive() && updated.status() == IdentityStatus.ACTIVE) {
            identities.updateIdentity(identity.id(), i -> i.withStatus(IdentityStatus.INACTIVE));
            emitter.publish(Routes.IDENTITIES, IdentityOrder.of(OrderType.UPDATE_IDENTITY, identity.id(), null,
                    Protocol.TWITTER.wireName(), identity.userId()));
            message += " and the identity made inactive";
        }
        LOG.warn(message);
        return OrderFailedException.rejected(ErrorCode.INVALID_TOKEN, message);
    }
}
