package io.mailmesh.imapbridge.worker;

import com.google.inject.Inject;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.mesh.ownership.WorkerOwnership;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * {@code add_worker}, {@code reload_worker} and {@code remove_worker} on imap_worker (queue IMAPworkers). With
 * several instances the order lands on any one of them, so it only changes the desired state in the
 * {@code imap_workers} bucket; the instance owning the identity's lease starts, restarts or stops the worker
 * ({@link ImapWorkerOwnership}). A refused login or unreachable server is recorded on the identity like a failed
 * sync by the owner.
 */
public final class WorkerHandlers implements HandlerSet {
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final ImapWorkerOwnership owners;
    private final IdentityStore identities;

    @Inject
    public WorkerHandlers(ImapWorkerOwnership owners, IdentityStore identities) {
        this.owners = owners;
        this.identities = identities;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(
                HandlerBinding.of(Routes.IMAP_WORKER, OrderType.ADD_WORKER, RemoteOrder.class, this::add),
                HandlerBinding.of(Routes.IMAP_WORKER, OrderType.RELOAD_WORKER, RemoteOrder.class, this::add),
                HandlerBinding.of(Routes.IMAP_WORKER, OrderType.REMOVE_WORKER, RemoteOrder.class, this::remove));
    }

    Reply add(RemoteOrder order, OrderContext ctx) throws OrderFailedException {
        Identity identity = identity(order);
        try {
            identities.credentials(identity.id());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.rejected(ErrorCode.NO_CREDENTIALS, "identity " + identity.id()
                    + " has no stored credentials");
        }
        WorkerOwnership ownership = owners.ownership();
        try {
            ownership.want(identity.id(), identity.userId(), order.type() == OrderType.RELOAD_WORKER);
            ownership.settle(identity.id(), SETTLE);
            String owner = ownership.owner(identity.id()).orElse("the next instance to check");
            return Reply.ok("worker for " + identity.id() + (order.type() == OrderType.RELOAD_WORKER ? " reloaded"
                    : " wanted") + "; it runs on " + owner);
        } catch (IOException | JetStreamApiException | TimeoutException e) {
            throw OrderFailedException.unavailable(ErrorCode.NATS_UNAVAILABLE, "worker state of " + identity.id()
                    + " could not be written or read: " + e.getMessage(), e);
        } catch (Exception e) {
            throw OrderFailedException.unavailable(ErrorCode.WORKER_FAILED, "worker of " + identity.id()
                    + " could not be settled: " + e.getMessage(), e);
        }
    }

    /** Wherever the worker runs, its owner sees the desired state go and stops it. */
    Reply remove(RemoteOrder order, OrderContext ctx) throws OrderFailedException {
        if (!WorkerOwnership.validId(order.remoteId())) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, "remote_id is not a valid id");
        }
        try {
            owners.ownership().unwant(order.remoteId());
        } catch (IOException | JetStreamApiException e) {
            throw OrderFailedException.unavailable(ErrorCode.NATS_UNAVAILABLE, "worker state of " + order.remoteId()
                    + " could not be written: " + e.getMessage(), e);
        }
        return Reply.ok("worker for " + order.remoteId() + " removed; its owner stops it");
    }

    private Identity identity(RemoteOrder order) throws OrderFailedException {
        Identity identity = UserIdentities.load(identities, order.remoteId(), order.userId());
        if (identity.isLocal() || identity.incoming() == null) {
            throw OrderFailedException.rejected(ErrorCode.NOT_IMAP, "identity " + identity.id()
                    + " is not a remote IMAP account");
        }
        return identity;
    }
}
