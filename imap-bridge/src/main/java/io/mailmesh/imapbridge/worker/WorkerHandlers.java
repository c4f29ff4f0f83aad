package io.mailmesh.imapbridge.worker;

import com.google.inject.Inject;
import io.mailmesh.imapbridge.imap.ImapConnections;
import io.mailmesh.imapbridge.imap.ImapFailure;
import io.mailmesh.imapbridge.sync.IdentityHealth;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.MessagingException;
import java.util.List;

/**
 * {@code add_worker}, {@code reload_worker} and {@code remove_worker} on imap_worker (queue IMAPworkers). A
 * refused login or unreachable server is recorded on the identity like a failed sync and the order ends handled.
 */
public final class WorkerHandlers implements HandlerSet {
    private final ImapWorkers workers;
    private final IdentityStore identities;
    private final IdentityHealth health;

    @Inject
    public WorkerHandlers(ImapWorkers workers, IdentityStore identities, IdentityHealth health) {
        this.workers = workers;
        this.identities = identities;
        this.health = health;
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
        Credentials credentials;
        try {
            credentials = identities.credentials(identity.id());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.rejected(ErrorCode.NO_CREDENTIALS, "identity " + identity.id()
                    + " has no stored credentials");
        }
        try {
            boolean idle = order.type() == OrderType.RELOAD_WORKER ? workers.reload(identity, credentials)
                    : workers.add(identity, credentials);
            return Reply.ok("worker for " + identity.id() + (idle ? " watches INBOX" : " verified (no IDLE)"));
        } catch (ImapFailure f) {
            health.recordFailure(identity, f, ctx.emitter());
            return Reply.failure(f.kind() == ImapFailure.Kind.AUTHENTICATION
                    ? ErrorCode.AUTHENTICATION_FAILED.code() : ErrorCode.CONNECTION_FAILED.code(), f.getMessage());
        } catch (ImapConnections.NoRoomException e) {
            throw OrderFailedException.unavailable(ErrorCode.BUSY, e.getMessage(), null);
        } catch (MessagingException e) {
            throw OrderFailedException.unavailable(ErrorCode.CONNECTION_FAILED, "worker for " + identity.id()
                    + " could not start: " + e.getMessage(), e);
        }
    }

    Reply remove(RemoteOrder order, OrderContext ctx) {
        boolean removed = workers.remove(order.remoteId());
        return Reply.ok(removed ? "worker for " + order.remoteId() + " stopped"
                : "no worker for " + order.remoteId() + " on this instance");
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
