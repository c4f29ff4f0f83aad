package io.mailmesh.smtpbridge.support;

import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for mq-worker on inboundSMTP until it exists: handles process_inbound like it does — reads the raw
 * message, creates the user's message unless one with the same Message-ID exists (de-duplication), answers with
 * message_id and discussion_id — and lets a test slow it down before it answers.
 */
public final class FakeMqWorker implements AutoCloseable {
    /** Runs before the reply, after the message was created. */
    @FunctionalInterface
    public interface BeforeReply {
        void run(MessageOrder order) throws Exception;
    }

    private final MeshStore store;
    private final List<MessageOrder> orders = new CopyOnWriteArrayList<>();
    private final MeshRuntime runtime;
    private volatile BeforeReply beforeReply = order -> { };

    public FakeMqWorker(String natsUrl, MeshStore store) throws Exception {
        this.store = store;
        this.runtime = BridgeFixture.startWorker(natsUrl, "mq-worker", TestWorkers.handlers(HandlerBinding.of(
                Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class, (order, ctx) -> handle(order))));
    }

    public FakeMqWorker beforeReply(BeforeReply hook) {
        this.beforeReply = hook;
        return this;
    }

    /** Every process_inbound it was asked, in arrival order. */
    public List<MessageOrder> orders() {
        return List.copyOf(orders);
    }

    private Reply handle(MessageOrder order) throws Exception {
        orders.add(order);
        byte[] raw = store.rawMessages().rawMessageBytes(order.messageId());
        MimeMessage mime = new MimeMessage(null, new ByteArrayInputStream(raw));
        String externalId = mime.getMessageID();
        Message message;
        synchronized (this) {
            Optional<Message> existing = store.messages().messageByExternalId(order.userId(), externalId);
            message = existing.orElseGet(() -> store.messages().putMessage(new Message(Ids.newId(), order.userId(),
                    Ids.newId(), false, true, true, false, List.of(), safeSubject(mime), null, null, null,
                    new ExternalReferences(externalId, null, List.of(), null), order.messageId(),
                    List.of(order.remoteId()), List.of(), List.of())));
        }
        beforeReply.run(order);
        return Reply.ok("message processed", Map.of("message_id", message.id(), "discussion_id",
                message.discussionId()));
    }

    private static String safeSubject(MimeMessage mime) {
        try {
            return mime.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return null;
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
