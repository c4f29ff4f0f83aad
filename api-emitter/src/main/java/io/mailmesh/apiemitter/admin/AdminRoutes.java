package io.mailmesh.apiemitter.admin;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.messages.DraftSender;
import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.apiemitter.web.Body;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.orders.Routes;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/v2/admin/users/{id}/notify}: stores an admin mail as a draft of the user, addressed to the
 * user's first local identity and sent from the postmaster of its domain, then requests deliver on outboundSMTP
 * (remote_id is that local identity).
 */
public final class AdminRoutes implements RouteGroup {
    private final MeshStore store;
    private final DraftSender sender;

    @Inject
    AdminRoutes(MeshStore store, DraftSender sender) {
        this.store = store;
        this.sender = sender;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v2/admin/users/{id}/notify", this::notifyUser);
    }

    private void notifyUser(Context ctx) {
        String userId = ctx.pathParam("id");
        try {
            store.users().user(Ids.require("user", userId));
        } catch (RecordNotFoundException | io.mailmesh.mesh.store.InvalidIdException e) {
            throw ApiException.notFound("user " + userId);
        }
        Body body = Body.of(ctx.bodyAsBytes());
        String subject = body.requiredString("subject");
        String text = body.requiredString("body");
        Identity local = store.identities().identitiesOf(userId).stream().filter(Identity::isLocal).findFirst()
                .orElseThrow(() -> ApiException.conflict("user " + userId + " has no local identity to notify"));
        String domain = local.address().substring(local.address().indexOf('@') + 1);
        List<Participant> participants = List.of(
                new Participant(Protocol.EMAIL, "postmaster@" + domain, "Administrator", ParticipantRole.FROM,
                        List.of()),
                new Participant(Protocol.EMAIL, local.address(), local.displayName(), ParticipantRole.TO,
                        List.of()));
        Instant now = Instant.now();
        Discussion discussion = store.discussions().putDiscussion(new Discussion(Ids.newId(), userId, participants,
                1, now, text.length() <= 200 ? text : text.substring(0, 200)));
        Message draft = store.messages().putMessage(new Message(Ids.newId(), userId, discussion.id(), true, false,
                false, false, participants, subject, text, null, now, ExternalReferences.NONE, null,
                List.of(local.id()), List.of("admin"), List.of()));
        ctx.json(sender.deliver(Routes.OUTBOUND_SMTP, draft, local.id()));
    }
}
