package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mqworker.mime.MailAddress;
import io.mailmesh.mqworker.mime.MailParser;
import io.mailmesh.mqworker.mime.ParsedMail;
import io.mailmesh.mqworker.mime.UnreadableMailException;
import io.mailmesh.mqworker.support.StableIds;
import io.mailmesh.orders.Keys;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * process_inbound on inboundSMTP: reads the raw mail, resolves participants and discussion, stores the message
 * once per (user, Message-ID) and replies with its message and discussion ids.
 *
 * <p>Discussion: the List-ID's when present; else the discussion of the message In-Reply-To, then References
 * (newest first), point to; else the participant-set hash.
 */
public final class EmailInbound implements OrderHandler<MessageOrder> {
    private final OwnerResolver owners;
    private final RawMessageStore rawMessages;
    private final MessageStore messages;
    private final ParticipantResolver participants;
    private final MessageImporter importer;
    private final MailParser parser = new MailParser();

    @Inject
    EmailInbound(OwnerResolver owners, RawMessageStore rawMessages, MessageStore messages,
            ParticipantResolver participants, MessageImporter importer) {
        this.owners = owners;
        this.rawMessages = rawMessages;
        this.messages = messages;
        this.participants = participants;
        this.importer = importer;
    }

    @Override
    public Reply handle(MessageOrder order, OrderContext context) throws OrderFailedException {
        Owner owner = owners.resolve(order, false);
        byte[] raw = rawBytes(order.messageId());
        ParsedMail mail;
        try {
            mail = parser.parse(raw);
        } catch (UnreadableMailException e) {
            throw OrderFailedException.rejected(ErrorCode.UNREADABLE_MESSAGE, e.getMessage());
        }
        InboundMessage inbound = toInbound(owner, order.messageId(), mail);
        ImportResult result = importer.importMessage(owner, order.messageId(), inbound);
        return InboundReplies.of(result);
    }

    private byte[] rawBytes(String rawMessageId) throws OrderFailedException {
        try {
            return rawMessages.rawMessageBytes(rawMessageId);
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.RAW_MESSAGE_NOT_FOUND, "raw message " + rawMessageId
                    + " does not exist");
        }
    }

    private InboundMessage toInbound(Owner owner, String rawMessageId, ParsedMail mail) {
        ParticipantResolver.Builder builder = participants.builder(owner);
        addAll(builder, mail.from(), ParticipantRole.FROM);
        addAll(builder, mail.to(), ParticipantRole.TO);
        addAll(builder, mail.cc(), ParticipantRole.CC);
        addAll(builder, mail.replyTo(), ParticipantRole.REPLY_TO);
        if (mail.listId() != null) {
            builder.add(Protocol.EMAIL, mail.listId(), mail.listName() != null ? mail.listName() : "list",
                    ParticipantRole.TO);
        }
        List<Participant> list = builder.build();
        String messageId = mail.messageId() != null
                ? MessageStore.idForExternalId(owner.userId(), mail.messageId())
                : StableIds.of("r", owner.userId(), rawMessageId);
        boolean received = mail.from().stream().noneMatch(a -> owner.owns(Protocol.EMAIL, a.address()))
                && !fetchedFromSentFolder(owner, rawMessageId);
        ExternalReferences refs = new ExternalReferences(mail.messageId(), mail.inReplyTo(), mail.references(),
                null);
        return new InboundMessage(messageId, discussion(owner, mail, list), received, list, mail.subject(),
                mail.bodyPlain(), mail.bodyHtml(), mail.date(), refs, mail.attachments(), mail.warnings());
    }

    /**
     * Whether imap-bridge fetched the mail from the account's Sent folder, which holds the user's own mails even
     * when their From is an alias the mesh does not know. Asked only of a remote account's mail that does not look
     * sent (mail arriving through smtp-bridge has no folder), so the common import reads no metadata.
     */
    private boolean fetchedFromSentFolder(Owner owner, String rawMessageId) {
        if (owner.identity().isLocal()) {
            return false;
        }
        try {
            FetchMetadata fetch = rawMessages.rawMessage(rawMessageId).fetch();
            return fetch != null && fetch.sentFolder();
        } catch (RecordNotFoundException e) {
            return false;
        }
    }

    private String discussion(Owner owner, ParsedMail mail, List<Participant> list) {
        if (mail.listId() != null) {
            return StableIds.of("l", mail.listId());
        }
        List<String> parents = new ArrayList<>();
        if (mail.inReplyTo() != null) {
            parents.add(mail.inReplyTo());
        }
        List<String> refs = new ArrayList<>(mail.references());
        java.util.Collections.reverse(refs);
        parents.addAll(refs);
        for (String parent : parents) {
            if (parent.equals(mail.messageId())) {
                continue;
            }
            Optional<Message> found = messages.messageByExternalId(owner.userId(), parent);
            if (found.isPresent()) {
                return found.get().discussionId();
            }
        }
        return ParticipantResolver.participantDiscussionId(list);
    }

    private static void addAll(ParticipantResolver.Builder builder, List<MailAddress> addresses,
            ParticipantRole role) {
        for (MailAddress a : addresses) {
            builder.add(Protocol.EMAIL, a.address(), a.name(), role);
        }
    }

    /** The reply fields of process_inbound. */
    static final class InboundReplies {
        private InboundReplies() {
        }

        static Reply of(ImportResult result) {
            return Reply.ok(result.duplicate() ? "already imported" : "message imported",
                    Map.of(Keys.MESSAGE_ID, result.messageId(), Keys.DISCUSSION_ID, result.discussionId()));
        }
    }
}
