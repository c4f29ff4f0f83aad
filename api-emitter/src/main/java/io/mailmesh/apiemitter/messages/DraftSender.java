package io.mailmesh.apiemitter.messages;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.RequestUnansweredException;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a draft: requests deliver on the subject of the sending identity's protocol (local e-mail or smtp on
 * outboundSMTP, imap on outboundIMAP, twitter on twitter_dm) and waits for the worker's reply. A worker error is
 * a 502 with its message; no reply is a 504 and the message stays a draft, so a retry is safe.
 */
@Singleton
public final class DraftSender {
    private static final Logger LOG = LoggerFactory.getLogger(DraftSender.class);
    private final MeshStore store;
    private final OrderEmitter emitter;
    private final ApiSettings settings;

    @Inject
    DraftSender(MeshStore store, OrderEmitter emitter, ApiSettings settings) {
        this.store = store;
        this.emitter = emitter;
        this.settings = settings;
    }

    /** The subject a deliver for a message sent from {@code identity} goes to. */
    public static Route routeFor(Identity identity) {
        return switch (identity.protocol()) {
            case EMAIL, SMTP -> Routes.OUTBOUND_SMTP;
            case IMAP -> Routes.OUTBOUND_IMAP;
            case TWITTER -> Routes.TWITTER_DM;
        };
    }

    /** Sends the user's draft and returns the sent message. */
    public Message send(String userId, String messageId) {
        Message message = store.messages().message(userId, messageId);
        if (!message.draft()) {
            if (message.received()) {
                throw ApiException.conflict("message " + messageId + " is a received message, not a draft");
            }
            return message; // already sent: a retried send is answered with the sent message
        }
        if (message.identityIds().isEmpty()) {
            throw ApiException.invalid("identity_id", "the draft has no sending identity");
        }
        Identity identity;
        try {
            identity = store.identities().identity(message.identityIds().get(0));
        } catch (RecordNotFoundException e) {
            throw ApiException.conflict("the draft's sending identity no longer exists");
        }
        return deliver(routeFor(identity), message, identity.id());
    }

    /** Requests deliver of {@code message} on {@code route} for the identity {@code remoteId}. */
    public Message deliver(Route route, Message message, String remoteId) {
        Reply reply;
        try {
            reply = emitter.request(route, MessageOrder.deliver(message.id(), remoteId, message.userId()),
                    settings.sendTimeout());
        } catch (RequestUnansweredException e) {
            LOG.warn("deliver of message {} on {} unanswered: {}", message.id(), route.subject(), e.getMessage());
            if (e.reason() == RequestUnansweredException.Reason.NO_RESPONDERS) {
                throw new ApiException(503, "no_worker", null, "no worker serves " + route.subject()
                        + " right now; the message is still a draft, retry later");
            }
            throw new ApiException(504, "timeout", null, "the worker did not answer within "
                    + settings.sendTimeout().toSeconds() + " s; the message is still a draft and a retry is safe");
        }
        if (reply.error()) {
            throw new ApiException(502, "worker_error", null, reply.message());
        }
        return store.messages().updateMessage(message.userId(), message.id(),
                m -> m.draft() ? m.withDraft(false).withDate(Instant.now()) : m);
    }
}
