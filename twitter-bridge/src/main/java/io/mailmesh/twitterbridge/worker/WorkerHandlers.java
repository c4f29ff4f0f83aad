package io.mailmesh.twitterbridge.worker;

import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.twitterbridge.account.AccountRegistry;
import io.mailmesh.twitterbridge.account.TwitterIdentities;
import jakarta.inject.Inject;

/**
 * {@code add_worker}, {@code reload_worker} and {@code remove_worker} on twitter_worker: start, rebuild (new
 * tokens) and stop the account handler of an identity.
 */
public final class WorkerHandlers {
    private final TwitterIdentities identities;
    private final AccountRegistry registry;

    @Inject
    public WorkerHandlers(TwitterIdentities identities, AccountRegistry registry) {
        this.identities = identities;
        this.registry = registry;
    }

    public Reply add(RemoteOrder order, OrderContext context) throws OrderFailedException {
        Identity identity = identities.loadActive(order.remoteId(), order.userId());
        registry.obtain(identity);
        return Reply.ok("worker of identity " + identity.id() + " is running");
    }

    public Reply reload(RemoteOrder order, OrderContext context) throws OrderFailedException {
        Identity identity = identities.loadActive(order.remoteId(), order.userId());
        registry.reload(identity);
        return Reply.ok("worker of identity " + identity.id() + " reloaded");
    }

    /** Stops the worker; the identity may already be deleted, so it is not loaded. */
    public Reply remove(RemoteOrder order, OrderContext context) {
        boolean removed = registry.remove(order.remoteId());
        return Reply.ok(removed ? "worker of identity " + order.remoteId() + " stopped"
                : "no worker of identity " + order.remoteId() + " was running");
    }
}
