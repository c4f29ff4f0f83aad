package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import java.util.List;

/** process_inbound on inboundSMTP (queue SMTPqueue) and inboundTwitter (queue Twitterqueue). */
public final class InboundHandlers implements HandlerSet {
    private final EmailInbound email;
    private final TwitterInbound twitter;

    @Inject
    InboundHandlers(EmailInbound email, TwitterInbound twitter) {
        this.email = email;
        this.twitter = twitter;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(
                HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class, email),
                HandlerBinding.of(Routes.INBOUND_TWITTER, OrderType.PROCESS_INBOUND, MessageOrder.class, twitter));
    }
}
