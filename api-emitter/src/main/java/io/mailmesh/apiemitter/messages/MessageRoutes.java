package io.mailmesh.apiemitter.messages;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.web.Access;
import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.apiemitter.web.Body;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.apiemitter.web.WebJson;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.Page;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Drafts, messages and discussions of the caller, and the send action. */
public final class MessageRoutes implements RouteGroup {
    private static final String MESSAGES = "/api/v2/messages";

    private final MeshStore store;
    private final DraftSender sender;

    @Inject
    MessageRoutes(MeshStore store, DraftSender sender) {
        this.store = store;
        this.sender = sender;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(MESSAGES, this::create);
        routes.get(MESSAGES, this::list);
        routes.get(MESSAGES + "/{id}", ctx -> ctx.json(message(ctx)));
        routes.patch(MESSAGES + "/{id}", this::update);
        routes.post(MESSAGES + "/{id}/actions", this::actions);
        routes.get("/api/v2/discussions", ctx -> ctx.json(store.discussions().discussionsOf(Access.userId(ctx))));
    }

    private void create(Context ctx) {
        String user = Access.userId(ctx);
        Body body = Body.of(ctx.bodyAsBytes());
        Identity identity = sendingIdentity(user, body.requiredString("identity_id"));
        String discussionId = body.optionalString("discussion_id").orElse(null);
        if (discussionId != null) {
            try {
                store.discussions().discussion(user, Ids.require("discussion", discussionId));
            } catch (RecordNotFoundException | io.mailmesh.mesh.store.InvalidIdException e) {
                throw ApiException.invalid("discussion_id", "no such discussion");
            }
        }
        List<Participant> participants = participants(identity, body);
        String subject = body.optionalText("subject").orElse("");
        String text = body.optionalText("body").orElse("");
        Instant now = Instant.now();
        if (discussionId == null) {
            discussionId = store.discussions().putDiscussion(new Discussion(Ids.newId(), user, participants, 0,
                    null, null)).id();
        }
        Message draft = new Message(Ids.newId(), user, discussionId, true, false, false, false, participants,
                subject, text, null, now, ExternalReferences.NONE, null, List.of(identity.id()), List.of(),
                List.of());
        Message stored = store.messages().putMessage(draft);
        store.discussions().updateDiscussion(user, discussionId, d -> d.withMessage(now, excerpt(text)));
        ctx.status(201).json(stored);
    }

    private void update(Context ctx) {
        Message current = message(ctx);
        if (!current.draft()) {
            throw ApiException.conflict("message " + current.id() + " is not a draft");
        }
        Body body = Body.of(ctx.bodyAsBytes());
        Optional<String> subject = body.optionalText("subject");
        Optional<String> text = body.optionalText("body");
        Optional<List<Participant>> participants = body.has("to") || body.has("cc") || body.has("bcc")
                ? Optional.of(participants(sendingIdentity(current.userId(), current.identityIds().get(0)), body))
                : Optional.empty();
        try {
            Message updated = store.messages().updateDraft(current.userId(), current.id(), m -> {
                Message next = m.withContent(subject.orElse(m.subject()), text.orElse(m.bodyPlain()), m.bodyHtml());
                return participants.map(next::withParticipants).orElse(next);
            });
            ctx.json(updated);
        } catch (IllegalStateException e) {
            throw ApiException.conflict("message " + current.id() + " is not a draft");
        }
    }

    private void list(Context ctx) {
        String user = Access.userId(ctx);
        String discussion = ctx.queryParam("discussion_id");
        String cursor = ctx.queryParam("cursor");
        int limit = limit(ctx.queryParam("limit"));
        Page<Message> page;
        try {
            page = discussion == null ? store.messages().messagesOf(user, cursor, limit)
                    : store.messages().messagesOfDiscussion(user, Ids.require("discussion", discussion), cursor,
                    limit);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "is not a cursor of this listing");
        } catch (io.mailmesh.mesh.store.InvalidIdException e) {
            throw ApiException.invalid("discussion_id", "is not a valid id");
        }
        var body = WebJson.object();
        body.set("messages", WebJson.MAPPER.valueToTree(page.items()));
        if (page.nextCursor() != null) {
            body.put("next_cursor", page.nextCursor());
        }
        ctx.contentType("application/json").result(WebJson.write(body));
    }

    private void actions(Context ctx) {
        Message message = message(ctx);
        Body body = Body.of(ctx.bodyAsBytes());
        List<String> actions = body.optionalStrings("actions")
                .orElseThrow(() -> ApiException.invalid("actions", "is required"));
        if (actions.size() != 1 || !actions.get(0).equals("send")) {
            throw ApiException.invalid("actions", "the supported action is [\"send\"]");
        }
        ctx.json(sender.send(message.userId(), message.id()));
    }

    private Message message(Context ctx) {
        String user = Access.userId(ctx);
        String id = ctx.pathParam("id");
        try {
            return store.messages().message(user, Ids.require("message", id));
        } catch (RecordNotFoundException e) {
            throw ApiException.notFound("message " + id);
        }
    }

    private Identity sendingIdentity(String user, String identityId) {
        try {
            Identity identity = store.identities().identity(Ids.require("identity", identityId));
            if (identity.userId().equals(user)) {
                return identity;
            }
        } catch (RecordNotFoundException | io.mailmesh.mesh.store.InvalidIdException e) {
            // answered below
        }
        throw ApiException.invalid("identity_id", "is not one of your identities");
    }

    private static List<Participant> participants(Identity from, Body body) {
        Protocol protocol = from.protocol() == Protocol.TWITTER ? Protocol.TWITTER : Protocol.EMAIL;
        List<Participant> participants = new ArrayList<>();
        participants.add(new Participant(protocol, from.address(), from.displayName(), ParticipantRole.FROM,
                List.of()));
        addAll(participants, protocol, body.optionalStrings("to").orElse(List.of()), ParticipantRole.TO);
        addAll(participants, protocol, body.optionalStrings("cc").orElse(List.of()), ParticipantRole.CC);
        addAll(participants, protocol, body.optionalStrings("bcc").orElse(List.of()), ParticipantRole.BCC);
        if (participants.size() == 1) {
            throw ApiException.invalid("to", "a draft needs at least one recipient");
        }
        return participants;
    }

    private static void addAll(List<Participant> into, Protocol protocol, List<String> addresses,
                               ParticipantRole role) {
        for (String address : addresses) {
            if (protocol == Protocol.EMAIL && !address.matches("[^@\\s]+@[^@\\s]+")) {
                throw ApiException.invalid(role.name().toLowerCase(), address + " is not an e-mail address");
            }
            into.add(new Participant(protocol, address, null, role, List.of()));
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("limit", "must be an integer from 1 to 1000");
    }

    static String excerpt(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
