package io.mailmesh.identitiesworker.orders;

import com.google.inject.Inject;
import io.mailmesh.identitiesworker.lease.SlotLeases;
import io.mailmesh.identitiesworker.schedule.IdentitySchedule;
import io.mailmesh.identitiesworker.schedule.PollInterval;
import io.mailmesh.identitiesworker.schedule.SyncPlan;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The identitiesWorker route (queue IDsworker): {@code add_identity}, {@code update_identity},
 * {@code delete_identity} and {@code update_interval}. The store is the source of an identity's details; each
 * order changes the schedule, tells the other instances, and emits the bridge's worker order.
 */
public final class IdentityOrderHandlers implements HandlerSet {
    private final MeshStore store;
    private final IdentitySchedule schedule;
    private final SlotLeases leases;

    @Inject
    public IdentityOrderHandlers(MeshStore store, IdentitySchedule schedule, SlotLeases leases) {
        this.store = store;
        this.schedule = schedule;
        this.leases = leases;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(
                HandlerBinding.of(Routes.IDENTITIES, OrderType.ADD_IDENTITY, IdentityOrder.class, this::add),
                HandlerBinding.of(Routes.IDENTITIES, OrderType.UPDATE_IDENTITY, IdentityOrder.class, this::update),
                HandlerBinding.of(Routes.IDENTITIES, OrderType.DELETE_IDENTITY, IdentityOrder.class, this::delete),
                HandlerBinding.of(Routes.IDENTITIES, OrderType.UPDATE_INTERVAL, IdentityOrder.class,
                        this::updateInterval));
    }

    Reply add(IdentityOrder order, OrderContext ctx) throws Exception {
        checkOptionalInterval(order);
        Identity identity = load(order);
        Optional<Route> worker = SyncPlan.workerRoute(identity.protocol());
        if (identity.isLocal() || worker.isEmpty()) {
            return Reply.ok("identity " + identity.id() + " is not polled (" + describe(identity) + ")");
        }
        IdentitySchedule.Change change = apply(identity);
        leases.announce(identity.id());
        if (identity.status() != IdentityStatus.ACTIVE) {
            return Reply.ok("identity " + identity.id() + " is inactive: not scheduled");
        }
        emitWorker(ctx, worker.get(), OrderType.ADD_WORKER, identity.id(), identity.userId());
        return Reply.ok("identity " + identity.id() + " " + change.name().toLowerCase() + "; add_worker sent on "
                + worker.get().subject());
    }

    Reply update(IdentityOrder order, OrderContext ctx) throws Exception {
        checkOptionalInterval(order);
        Identity identity;
        try {
            identity = load(order);
        } catch (OrderFailedException e) {
            if (ErrorCode.IDENTITY_NOT_FOUND.code().equals(e.code()) && schedule.unschedule(order.identityId())) {
                leases.announce(order.identityId());
            }
            throw e;
        }
        Optional<Route> worker = SyncPlan.workerRoute(identity.protocol());
        if (identity.isLocal() || worker.isEmpty()) {
            schedule.unschedule(identity.id());
            return Reply.ok("identity " + identity.id() + " is not polled (" + describe(identity) + ")");
        }
        IdentitySchedule.Change change = apply(identity);
        leases.announce(identity.id());
        emitWorker(ctx, worker.get(), OrderType.RELOAD_WORKER, identity.id(), identity.userId());
        return Reply.ok("identity " + identity.id() + " " + change.name().toLowerCase() + "; reload_worker sent on "
                + worker.get().subject());
    }

    Reply delete(IdentityOrder order, OrderContext ctx) throws Exception {
        String id = order.identityId();
        Optional<Identity> stored = find(id);
        if (stored.isPresent()) {
            UserIdentities.requireOwner(stored.get(), order.userId());
        }
        Optional<SyncPlan> plan = schedule.plan(id);
        schedule.unschedule(id);
        if (stored.isPresent() && stored.get().status() == IdentityStatus.ACTIVE && !stored.get().isLocal()) {
            // still in the store: make it inactive so neither reconciliation nor another instance brings it back
            store.identities().updateIdentity(id, i -> i.withStatus(IdentityStatus.INACTIVE));
        }
        leases.announce(id);
        Set<Route> workers = new LinkedHashSet<>();
        plan.ifPresent(p -> workers.add(SyncPlan.workerRouteOf(p.syncRoute())));
        if (workers.isEmpty()) {
            protocolOf(order.protocol()).flatMap(SyncPlan::workerRoute).ifPresent(workers::add);
        }
        if (workers.isEmpty() && stored.isPresent()) {
            SyncPlan.workerRoute(stored.get().protocol()).ifPresent(workers::add);
        }
        if (workers.isEmpty() && stored.map(Identity::isLocal).orElse(false)) {
            return Reply.ok("identity " + id + " is local: nothing was scheduled");
        }
        if (workers.isEmpty()) {
            workers.add(Routes.IMAP_WORKER);
            workers.add(Routes.TWITTER_WORKER);
        }
        for (Route worker : workers) {
            emitWorker(ctx, worker, OrderType.REMOVE_WORKER, id, order.userId());
        }
        return Reply.ok("identity " + id + " unscheduled; remove_worker sent on "
                + String.join(", ", workers.stream().map(Route::subject).toList()));
    }

    /**
     * A bridge's {@code update_interval}: a value other than the configured interval is a back-off, kept apart in
     * the sync state (the user's setting is never overwritten); the configured value itself ends the back-off.
     */
    Reply updateInterval(IdentityOrder order, OrderContext ctx) throws Exception {
        int minutes = PollInterval.parse(order.pollIntervall());
        if (protocolOf(order.protocol()).isEmpty()) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_PROTOCOL,
                    "protocol must be email, imap or twitter, not \""
                    + order.protocol() + "\"");
        }
        Identity current = load(order);
        Identity updated;
        try {
            updated = store.identities().updateSyncState(order.identityId(),
                    s -> s.withBackoff(minutes == current.pollIntervalMinutes() ? 0 : minutes));
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.IDENTITY_NOT_FOUND, "identity " + order.identityId()
                    + " does not exist");
        }
        IdentitySchedule.Change change = apply(updated);
        leases.announce(updated.id());
        boolean backingOff = updated.syncState().backoffMinutes() > 0;
        return Reply.ok("identity " + updated.id() + " polls every " + updated.currentPollMinutes() + " minutes ("
                + (backingOff ? "backing off from " + updated.pollIntervalMinutes() : "as configured") + ", "
                + change.name().toLowerCase() + ")");
    }

    private IdentitySchedule.Change apply(Identity identity) throws Exception {
        try {
            return schedule.apply(identity);
        } catch (SyncPlan.InvalidIntervalException e) {
            throw OrderFailedException.rejected(PollInterval.INVALID, e.getMessage());
        }
    }

    private Identity load(IdentityOrder order) throws OrderFailedException {
        Identity identity = find(order.identityId()).orElseThrow(() -> UserIdentities.notFound(order.identityId()));
        UserIdentities.requireOwner(identity, order.userId());
        return identity;
    }

    private Optional<Identity> find(String identityId) throws OrderFailedException {
        try {
            return Optional.of(store.identities().identity(identityId));
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        } catch (io.mailmesh.mesh.store.InvalidIdException e) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, e.getMessage());
        }
    }

    private static void checkOptionalInterval(IdentityOrder order) throws OrderFailedException {
        if (order.pollIntervall() != null) {
            PollInterval.parse(order.pollIntervall());
        }
    }

    private static Optional<Protocol> protocolOf(String protocol) {
        try {
            return protocol == null ? Optional.empty() : Optional.of(Protocol.of(protocol))
                    .filter(p -> SyncPlan.syncRoute(p).isPresent());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String describe(Identity identity) {
        return identity.isLocal() ? "local" : "protocol " + identity.protocol().wireName();
    }

    private static void emitWorker(OrderContext ctx, Route route, OrderType type, String identityId, String userId)
            throws OrderFailedException {
        try {
            ctx.emitter().publish(route, RemoteOrder.of(type, identityId, userId),
                    type.wireName() + "." + identityId + "." + ctx.correlationId());
        } catch (PublishFailedException e) {
            throw OrderFailedException.unavailable(ErrorCode.NATS_UNAVAILABLE,
                    "could not send " + type.wireName() + " on "
                    + route.subject(), e);
        }
    }
}
