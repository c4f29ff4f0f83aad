package io.mailmesh.apiemitter.identities;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.web.Access;
import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.apiemitter.web.Body;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.ServerSettings;
import io.mailmesh.mesh.store.model.SyncState;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import java.util.Optional;

/**
 * Local identities (addresses this installation receives mail for) and remote identities (IMAP/SMTP or Twitter
 * accounts) of the caller. Remote changes emit add_identity, update_identity and delete_identity on
 * identitiesWorker with the protocol and poll interval. Credentials go to the store's encrypted credentials and
 * are never returned.
 */
public final class IdentityRoutes implements RouteGroup {
    private static final String LOCALS = "/api/v2/identities/locals";
    private static final String REMOTES = "/api/v2/identities/remotes";

    private final MeshStore store;
    private final OrderEmitter emitter;
    private final LocalAddressPolicy locals;
    private final boolean allowTrustAll;

    @Inject
    IdentityRoutes(MeshStore store, OrderEmitter emitter, LocalAddressPolicy locals, IdentitySettings settings) {
        this.store = store;
        this.emitter = emitter;
        this.locals = locals;
        this.allowTrustAll = settings.allowTrustAll();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(LOCALS, ctx -> createLocal(ctx, Access.userId(ctx), false));
        routes.post("/api/v2/admin/users/{id}/identities/locals", ctx -> createLocal(ctx, adminTarget(ctx), true));
        routes.get(LOCALS, ctx -> ctx.json(store.identities().identitiesOf(Access.userId(ctx)).stream()
                .filter(Identity::isLocal).toList()));
        routes.post(REMOTES, this::createRemote);
        routes.get(REMOTES, ctx -> ctx.json(store.identities().identitiesOf(Access.userId(ctx)).stream()
                .filter(i -> !i.isLocal()).toList()));
        routes.get(REMOTES + "/{id}", ctx -> ctx.json(remote(ctx)));
        routes.patch(REMOTES + "/{id}", this::updateRemote);
        routes.delete(REMOTES + "/{id}", this::deleteRemote);
    }

    /** A local identity for {@code user}; {@code admin} may also assign role addresses. */
    private void createLocal(Context ctx, String user, boolean admin) {
        Body body = Body.of(ctx.bodyAsBytes());
        String address = locals.check(body.requiredString("address"), admin);
        Identity identity = new Identity(Ids.newId(), user, IdentityKind.LOCAL, Protocol.EMAIL,
                address, body.optionalString("display_name").orElse(null), null, null, 0,
                IdentityStatus.ACTIVE, SyncState.INITIAL);
        ctx.status(201).json(store.identities().putIdentity(identity));
    }

    private String adminTarget(Context ctx) {
        String userId = ctx.pathParam("id");
        try {
            return store.users().user(Ids.require("user", userId)).id();
        } catch (RecordNotFoundException | io.mailmesh.mesh.store.InvalidIdException e) {
            throw ApiException.notFound("user " + userId);
        }
    }

    private void createRemote(Context ctx) {
        String user = Access.userId(ctx);
        Body body = Body.of(ctx.bodyAsBytes());
        Protocol protocol = IdentityRequests.remoteProtocol(body);
        String address = body.requiredString("address");
        Optional<ServerSettings> incoming = IdentityRequests.server(body, "incoming", allowTrustAll);
        Optional<ServerSettings> outgoing = IdentityRequests.server(body, "outgoing", allowTrustAll);
        if (protocol == Protocol.IMAP && incoming.isEmpty()) {
            throw ApiException.invalid("incoming", "is required for an imap identity");
        }
        int poll = body.optionalInt("poll_interval", 1, 24 * 60).orElse(IdentityRequests.DEFAULT_POLL_MINUTES);
        Credentials credentials = IdentityRequests.credentials(body)
                .orElseThrow(() -> ApiException.invalid("credentials", "is required"));
        Identity identity = store.identities().putIdentity(new Identity(Ids.newId(), user, IdentityKind.REMOTE,
                protocol, address, body.optionalString("display_name").orElse(null), incoming.orElse(null),
                outgoing.orElse(null), poll, IdentityStatus.ACTIVE, SyncState.INITIAL));
        store.identities().putCredentials(identity.id(), credentials);
        emit(OrderType.ADD_IDENTITY, identity);
        ctx.status(201).json(identity);
    }

    private void updateRemote(Context ctx) {
        Identity current = remote(ctx);
        Body body = Body.of(ctx.bodyAsBytes());
        Optional<String> name = body.optionalString("display_name");
        Optional<Integer> poll = body.optionalInt("poll_interval", 1, 24 * 60);
        Optional<IdentityStatus> status = body.optionalEnum("status", IdentityStatus.class);
        Optional<ServerSettings> incoming = IdentityRequests.server(body, "incoming", allowTrustAll);
        Optional<ServerSettings> outgoing = IdentityRequests.server(body, "outgoing", allowTrustAll);
        Optional<Credentials> credentials = IdentityRequests.credentials(body);
        Identity updated = store.identities().updateIdentity(current.id(), identity -> {
            Identity next = identity;
            next = name.map(next::withDisplayName).orElse(next);
            next = poll.map(next::withPollIntervalMinutes).orElse(next);
            next = status.map(next::withStatus).orElse(next);
            return next.withServers(incoming.orElse(next.incoming()), outgoing.orElse(next.outgoing()));
        });
        credentials.ifPresent(c -> store.identities().putCredentials(updated.id(), c));
        emit(OrderType.UPDATE_IDENTITY, updated);
        ctx.json(updated);
    }

    private void deleteRemote(Context ctx) {
        Identity identity = remote(ctx);
        store.identities().deleteIdentity(identity.id());
        emit(OrderType.DELETE_IDENTITY, identity);
        ctx.status(204);
    }

    private Identity remote(Context ctx) {
        String user = Access.userId(ctx);
        String id = ctx.pathParam("id");
        try {
            Identity identity = store.identities().identity(Ids.require("identity", id));
            if (identity.userId().equals(user) && !identity.isLocal()) {
                return identity;
            }
        } catch (RecordNotFoundException e) {
            // same answer as another user's identity
        }
        throw ApiException.notFound("remote identity " + id);
    }

    private void emit(OrderType type, Identity identity) {
        emitter.publish(Routes.IDENTITIES, IdentityOrder.of(type, identity.id(),
                String.valueOf(identity.pollIntervalMinutes()), identity.protocol().wireName(), identity.userId()));
    }
}
