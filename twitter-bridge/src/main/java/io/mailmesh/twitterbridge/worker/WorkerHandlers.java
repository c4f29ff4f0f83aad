package io.mailmesh.twitterbridge.worker;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.ownership.WorkerOwnership;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.twitterbridge.account.TwitterIdentities;
import io.nats.client.JetStreamApiException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code add_worker}, {@code reload_worker} and {@code remove_worker} on twitter_worker (queue twitterworkers).
 * With several instances the order lands on any one of them, so it only changes the desired state in the
 * {@code twitter_workers} bucket; the instance owning the identity's lease starts, rebuilds (new tokens) or stops
 * the account handler ({@link TwitterWorkerOwnership}).
 */
public final class WorkerHandlers {
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final TwitterIdentities identities;
    private final TwitterWorkerOwnership owners;

    @Inject
    public WorkerHandlers(TwitterIdentities identities, TwitterWorkerOwnership owners) {
        this.identities = identities;
        this.owners = owners;
    }

    public Reply add(RemoteOrder order, OrderContext context) throws OrderFailedException {
        return want(order, false);
    }

    public Reply reload(RemoteOrder order, OrderContext context) throws OrderFailedException {
        return want(order, true);
    }

    /** Stops the worker wherever it runs; the identity may already be deleted, so it is not loaded. */
    public Reply remove(RemoteOrder order, OrderContext context) throws OrderFailedException {
        if (!WorkerOwnership.validId(order.remoteId())) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, "malformed identity id");
        }
        try {
            owners.ownership().unwant(order.remoteId());
        } catch (IOException | JetStreamApiException e) {
            throw OrderFailedException.unavailable(ErrorCode.NATS_UNAVAILABLE, "worker state of identity "
                    + order.remoteId() + " could not be written: " + e.getMessage(), e);
        }
        return Reply.ok("worker of identity " + order.remoteId() + " removed; its owner stops it");
    }

    private Reply want(RemoteOrder order, boolean reload) throws OrderFailedException {
        Identity identity = identities.loadActive(order.remoteId(), order.userId());
        if (!WorkerOwnership.validId(identity.id())) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, "malformed identity id");
        }
        WorkerOwnership ownership = owners.ownership();
        try {
            ownership.want(identity.id(), identity.userId(), reload);
            ownership.settle(identity.id(), SETTLE);
            String owner = ownership.owner(identity.id()).orElse("the next instance to check");
            return Reply.ok("worker of identity " + identity.id() + (reload ? " reloaded" : " wanted")
                    + "; it runs on " + owner);
        } catch (IOException | JetStreamApiException | TimeoutException e) {
            throw OrderFailedException.unavailable(ErrorCode.NATS_UNAVAILABLE, "worker state of identity " + identity.id()
                    + " could not be written or read: " + e.getMessage(), e);
        } catch (Exception e) {
            throw OrderFailedException.unavailable(ErrorCode.WORKER_FAILED, "worker of identity " + identity.id()
                    + " could not be settled: " + e.getMessage(), e);
        }
    }
}
