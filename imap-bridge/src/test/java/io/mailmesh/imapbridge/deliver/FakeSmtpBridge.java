package io.mailmesh.imapbridge.deliver;

import com.google.inject.Inject;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Stands in for smtp-bridge on outboundSMTP: "sends" a draft by storing its raw message and marking it sent. */
public final class FakeSmtpBridge implements HandlerSet {
    private final MessageStore messages;
    private final RawMessageStore raw;

    @Inject
    public FakeSmtpBridge(MessageStore messages, RawMessageStore raw) {
        this.messages = messages;
        this.raw = raw;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(Routes.OUTBOUND_SMTP, OrderType.DELIVER, MessageOrder.class, this::deliver));
    }

    private Reply deliver(MessageOrder order, OrderContext ctx) throws Exception {
        if (order.messageId().startsWith("refused")) {
            return Reply.failure("relay_refused", "the relay refused the recipients");
        }
        Message draft = messages.message(order.userId(), order.messageId());
        if (!draft.draft()) {
            return Reply.ok("already sent");
        }
        MimeMessage mime = BridgeHarness.mail("friend@example.net", 200);
        mime.setSubject(draft.subject());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mime.writeTo(out);
        String rawId = "raw-" + order.messageId();
        raw.putRawMessage(new RawMessage(rawId, 0, false, null), out.toByteArray());
        messages.updateDraft(order.userId(), order.messageId(), m -> new Message(m.id(), m.userId(),
                m.discussionId(), false, false, false, false, m.participants(), m.subject(), m.bodyPlain(),
                m.bodyHtml(), m.date(), m.externalRefs(), rawId, m.identityIds(), m.tags(), m.attachments()));
        return Reply.ok("sent");
    }
}
