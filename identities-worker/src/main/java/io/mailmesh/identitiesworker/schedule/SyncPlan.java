package io.mailmesh.identitiesworker.schedule;

import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import java.util.Optional;

/**
 * What the scheduler does for one identity: a {@code sync} for {@code userId} on {@code syncRoute} every
 * {@code pollInterval} units.
 */
public record SyncPlan(String identityId, String userId, Route syncRoute, int pollInterval) {

    /**
     * The plan of a stored identity, empty when it is not polled (local, inactive, or SMTP-only). It polls at the
     * back-off interval while one is in force, else at the configured interval.
     *
     * @throws InvalidIntervalException if the stored interval is outside the bounds
     */
    public static Optional<SyncPlan> of(Identity identity) {
        if (identity.isLocal() || identity.status() != IdentityStatus.ACTIVE) {
            return Optional.empty();
        }
        Optional<Route> route = syncRoute(identity.protocol());
        if (route.isEmpty()) {
            return Optional.empty();
        }
        if (!PollInterval.inBounds(identity.pollIntervalMinutes())) {
            throw new InvalidIntervalException(identity.id(), identity.pollIntervalMinutes());
        }
        return Optional.of(new SyncPlan(identity.id(), identity.userId(), route.get(),
                Math.min(PollInterval.MAX, identity.currentPollMinutes())));
    }

    /** Where a remote identity's syncs go: IMAPfetcher for email and IMAP, twitter_dm for Twitter. */
    public static Optional<Route> syncRoute(Protocol protocol) {
        if (protocol == null) {
            return Optional.empty();
        }
        return switch (protocol) {
            case EMAIL, IMAP -> Optional.of(Routes.IMAP_FETCHER);
            case TWITTER -> Optional.of(Routes.TWITTER_DM);
            case SMTP -> Optional.empty();
        };
    }

    /** Where a remote identity's worker orders go: imap_worker or twitter_worker. */
    public static Optional<Route> workerRoute(Protocol protocol) {
        return syncRoute(protocol).map(SyncPlan::workerRouteOf);
    }

    /** The worker route that goes with a sync route. */
    public static Route workerRouteOf(Route syncRoute) {
        return syncRoute == Routes.TWITTER_DM ? Routes.TWITTER_WORKER : Routes.IMAP_WORKER;
    }

    /** The stored poll interval is unusable. */
    public static final class InvalidIntervalException extends RuntimeException {
        public InvalidIntervalException(String identityId, int interval) {
            super("identity " + identityId + " has a poll interval of " + interval + " in the store, outside "
                    + PollInterval.MIN + " to " + PollInterval.MAX + " minutes");
        }
    }
}
