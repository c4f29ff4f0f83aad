package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mqworker.support.StableIds;
import io.mailmesh.mqworker.twitter.DirectMessage;
import io.mailmesh.mqworker.twitter.DirectMessageParser;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import java.util.List;

/**
 * process_inbound on inboundTwitter: reads the DM event twitter-bridge stored (shape in
 * {@link DirectMessageParser}), stores it once per (user, DM id) in the discussion of its participant set
 * ({@code twitter:<screen_name>}) and replies with its message and discussion ids.
 */
public final class TwitterInbound implements OrderHandler<MessageOrder> {
    private final OwnerResolver owners;
    private final RawMessageStore rawMessages;
    private final ParticipantResolver participants;
    private final MessageImporter importer;
    private final DirectMessageParser parser = new DirectMessageParser();

    @Inject
    TwitterInbound(OwnerResolver owners, RawMessageStore rawMessages, ParticipantResolver participants,
            MessageImporter importer) {
        this.owners = owners;
        this.rawMessages = rawMessages;
        this.participants = participants;
        this.importer = importer;
    }

    @Override
    public Reply handle(MessageOrder order, OrderContext context) throws OrderFailedException {
        Owner owner = owners.resolve(order, true);
        byte[] raw;
        try {
            raw = rawMessages.rawMessageBytes(order.messageId());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.RAW_MESSAGE_NOT_FOUND, "raw message " + order.messageId()
                    + " does not exist");
        }
        DirectMessage dm;
        try {
            dm = parser.parse(raw);
        } catch (IllegalArgumentException e) {
            throw OrderFailedException.rejected(ErrorCode.UNREADABLE_MESSAGE, e.getMessage());
        }
        List<Participant> list = participants.builder(owner)
                .add(Protocol.TWITTER, dm.senderAddress(), null, ParticipantRole.FROM)
                .add(Protocol.TWITTER, dm.recipientAddress(), null, ParticipantRole.TO)
                .build();
        boolean received = !owner.owns(Protocol.TWITTER, Owner.normalize(dm.senderAddress()));
        InboundMessage inbound = new InboundMessage(StableIds.of("t", owner.userId(), dm.id()),
                ParticipantResolver.participantDiscussionId(list), received, list, null, dm.text(), null,
                dm.createdAt(), new ExternalReferences(null, null, List.of(), dm.id()), List.of(), List.of());
        return EmailInbound.InboundReplies.of(importer.importMessage(owner, order.messageId(), inbound));
    }
}
