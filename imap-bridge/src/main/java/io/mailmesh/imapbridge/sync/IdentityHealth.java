package io.mailmesh.imapbridge.sync;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.imapbridge.imap.ImapFailure;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.SyncState;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records IMAP failures and recoveries on an identity and tells identities-worker: each failure doubles the poll
 * interval ({@code update_interval}, configured interval × 2^failures, at most {@value #MAX_INTERVAL_MINUTES}
 * minutes, computed from the configured interval, which the back-off never overwrites); after {@link #GIVE_UP_AFTER} of failures without a success the identity is made inactive and an
 * {@code update_identity} is emitted so the scheduler drops it. A success clears the error run and restores the
 * configured interval.
 */
@Singleton
public final class IdentityHealth {
    public static final int MAX_INTERVAL_MINUTES = 4320;
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(72);
    private static final Logger LOG = LoggerFactory.getLogger(IdentityHealth.class);
    private static final String PROTOCOL = "imap";

    private final IdentityStore identities;
    private final Clock clock;

    @Inject
    public IdentityHealth(IdentityStore identities) {
        this(identities, Clock.systemUTC());
    }

    IdentityHealth(IdentityStore identities, Clock clock) {
        this.identities = identities;
        this.clock = clock;
    }

    /** Records {@code failure} and emits the back-off (and the deactivation after 72 hours). */
    public Identity recordFailure(Identity identity, ImapFailure failure, OrderEmitter emitter) {
        Instant now = clock.instant();
        Identity updated = identities.updateSyncState(identity.id(),
                s -> s.withError(failure.kind().name().toLowerCase() + ": " + failure.getMessage(), now));
        SyncState state = updated.syncState();
        int interval = backedOffInterval(updated.pollIntervalMinutes(), state.errorCount());
        LOG.warn("identity {}: {} failure #{} ({}); next poll in {} min", identity.id(),
                failure.kind().name().toLowerCase(), state.errorCount(), failure.getMessage(), interval);
        emitter.publish(Routes.IDENTITIES, IdentityOrder.of(OrderType.UPDATE_INTERVAL, identity.id(),
                String.valueOf(interval), PROTOCOL, identity.userId()));
        if (state.firstErrorAt() != null && !state.firstErrorAt().plus(GIVE_UP_AFTER).isAfter(now)
                && updated.status() == IdentityStatus.ACTIVE) {
            updated = identities.updateIdentity(identity.id(), i -> i.withStatus(IdentityStatus.INACTIVE));
            LOG.warn("identity {}: failing since {}; made inactive", identity.id(), state.firstErrorAt());
            emitter.publish(Routes.IDENTITIES, IdentityOrder.of(OrderType.UPDATE_IDENTITY, identity.id(),
                    String.valueOf(updated.pollIntervalMinutes()), PROTOCOL, identity.userId()));
        }
        return updated;
    }

    /** Records a successful sync; after a failure run, clears it and restores the configured interval. */
    public void recordSuccess(Identity identity, OrderEmitter emitter) {
        Instant now = clock.instant();
        SyncState before = identities.identity(identity.id()).syncState();
        boolean hadErrors = before.errorCount() > 0 || before.backoffMinutes() > 0;
        Identity updated = identities.updateSyncState(identity.id(), s -> s.withSuccess(now));
        if (hadErrors) {
            LOG.info("identity {}: IMAP works again; error state cleared", identity.id());
            emitter.publish(Routes.IDENTITIES, IdentityOrder.of(OrderType.UPDATE_INTERVAL, identity.id(),
                    String.valueOf(Math.max(1, updated.pollIntervalMinutes())), PROTOCOL, identity.userId()));
        }
    }

    /** The configured interval doubled once per failure, bounded to {@value #MAX_INTERVAL_MINUTES} minutes. */
    static int backedOffInterval(int configuredMinutes, int failures) {
        long interval = Math.max(1, configuredMinutes);
        for (int i = 0; i < failures && interval < MAX_INTERVAL_MINUTES; i++) {
            interval *= 2;
        }
        return (int) Math.min(interval, MAX_INTERVAL_MINUTES);
    }
}
