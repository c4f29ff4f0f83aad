package io.mailmesh.imapbridge.deliver;

import com.google.inject.Inject;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.imap.ImapConnections;
import io.mailmesh.imapbridge.imap.ImapFailure;
import io.mailmesh.mesh.emit.RequestUnansweredException;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.MessagingException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code deliver} on outboundIMAP (request/reply): sends through smtp-bridge (a {@code deliver} request on
 * outboundSMTP, whose error becomes this reply's error), then appends the sent raw message to the account's Sent
 * folder. A failed append is told in the reply's message and does not undo the sending.
 */
public final class DeliverHandler implements HandlerSet {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverHandler.class);

    private final IdentityStore identities;
    private final MessageStore messages;
    private final RawMessageStore rawMessages;
    private final ImapConnections connections;
    private final ImapSettings settings;

    @Inject
    public DeliverHandler(IdentityStore identities, MessageStore messages, RawMessageStore rawMessages,
            ImapConnections connections, ImapSettings settings) {
        this.identities = identities;
        this.messages = messages;
        this.rawMessages = rawMessages;
        this.connections = connections;
        this.settings = settings;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(Routes.OUTBOUND_IMAP, OrderType.DELIVER, MessageOrder.class, this::deliver)
                .withOptions(io.mailmesh.mesh.handler.HandlerOptions.DEFAULTS
                        .withTimeout(settings.deliverTimeout().plusSeconds(30))));
    }

    Reply deliver(MessageOrder order, OrderContext ctx) throws OrderFailedException {
        Identity identity = identity(order);
        Reply sent;
        try {
            sent = ctx.emitter().request(Routes.OUTBOUND_SMTP, order, settings.deliverTimeout());
        } catch (RequestUnansweredException e) {
            throw OrderFailedException.unavailable(ErrorCode.SMTP_UNAVAILABLE,
                    e.reason() == RequestUnansweredException.Reason.NO_RESPONDERS
                            ? "smtp-bridge is not running" : "smtp-bridge did not answer in time", null);
        }
        if (sent.error()) {
            return sent;
        }
        String appended = appendToSent(identity, order);
        return Reply.ok(sent.message() + "; " + appended, sent.fields());
    }

    private String appendToSent(Identity identity, MessageOrder order) {
        byte[] raw;
        try {
            Message message = messages.message(order.userId(), order.messageId());
            if (message.rawMessageId() == null) {
                return "no raw message to copy to Sent";
            }
            raw = rawMessages.rawMessageBytes(message.rawMessageId());
        } catch (StoreException e) {
            LOG.warn("deliver {}: sent, but its raw message cannot be read: {}", order.messageId(), e.getMessage());
            return "not copied to Sent: the sent raw message cannot be read";
        }
        Credentials credentials;
        try {
            credentials = identities.credentials(identity.id());
        } catch (RecordNotFoundException e) {
            return "not copied to Sent: the identity has no stored credentials";
        }
        try (ImapConnections.Lease lease = connections.borrow(identity, credentials)) {
            try {
                return "copied to " + SentFolder.append(lease.store(), raw);
            } catch (MessagingException e) {
                lease.discard();
                LOG.warn("deliver {}: sent, but the copy to Sent failed: {}", order.messageId(), e.getMessage());
                return "not copied to Sent: " + e.getMessage();
            }
        } catch (ImapFailure | ImapConnections.NoRoomException e) {
            LOG.warn("deliver {}: sent, but the IMAP server is not usable: {}", order.messageId(), e.getMessage());
            return "not copied to Sent: " + e.getMessage();
        }
    }

    private Identity identity(MessageOrder order) throws OrderFailedException {
        Identity identity = UserIdentities.load(identities, order.remoteId(), order.userId());
        if (identity.incoming() == null) {
            throw OrderFailedException.rejected(ErrorCode.NOT_IMAP, "identity " + identity.id()
                    + " has no IMAP server to keep a Sent copy");
        }
        return identity;
    }
}
