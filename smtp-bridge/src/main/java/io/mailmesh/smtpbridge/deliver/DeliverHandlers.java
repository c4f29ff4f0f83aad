package io.mailmesh.smtpbridge.deliver;

import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import jakarta.inject.Inject;
import java.util.List;

/** smtp-bridge's handler: {@code deliver} on {@code outboundSMTP} (queue {@code SMTPqueue}, request/reply). */
public final class DeliverHandlers implements HandlerSet {
    private final DeliverService service;

    @Inject
    public DeliverHandlers(DeliverService service) {
        this.service = service;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(Routes.OUTBOUND_SMTP, OrderType.DELIVER, MessageOrder.class,
                (order, ctx) -> service.deliver(order)));
    }
}
