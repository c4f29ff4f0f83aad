package io.mailmesh.mesh.handler;

import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.ExtensionKind;
import io.mailmesh.orders.ExtensionOrder;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderKind;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Route;
import java.util.Map;

/**
 * A handler declared for one (route, order). The runtime subscribes to the route with its queue group and calls
 * the handler for that order; the route table must list the order on the route.
 */
public record HandlerBinding<O extends Order>(Route route, OrderKind order, Class<O> payloadType,
                                              OrderHandler<O> handler, HandlerOptions options) {
    private static final Map<io.mailmesh.orders.PayloadShape, Class<? extends Order>> SHAPES = Map.of(
            io.mailmesh.orders.PayloadShape.MESSAGE, MessageOrder.class,
            io.mailmesh.orders.PayloadShape.REMOTE, RemoteOrder.class,
            io.mailmesh.orders.PayloadShape.CONTACT, ContactOrder.class,
            io.mailmesh.orders.PayloadShape.KEY, KeyOrder.class,
            io.mailmesh.orders.PayloadShape.IDENTITY, IdentityOrder.class);

    public HandlerBinding {
        if (!route.accepts(order)) {
            throw new IllegalArgumentException(route.subject() + " does not accept " + order);
        }
        Class<?> carrier = order instanceof OrderType type ? SHAPES.get(type.shape())
                : ((ExtensionKind<?>) order).recordType();
        if (carrier != payloadType) {
            throw new IllegalArgumentException(order + " travels as " + carrier.getSimpleName());
        }
    }

    /** Declares {@code handler} for {@code order} on {@code route} with the default limits. */
    public static <O extends Order> HandlerBinding<O> of(Route route, OrderType order, Class<O> payloadType,
                                                         OrderHandler<O> handler) {
        return new HandlerBinding<>(route, order, payloadType, handler, HandlerOptions.DEFAULTS);
    }

    /** Declares {@code handler} for an extension's order on one of its routes with the default limits. */
    public static <O extends ExtensionOrder> HandlerBinding<O> of(Route route, ExtensionKind<O> order,
                                                                  OrderHandler<O> handler) {
        return new HandlerBinding<>(route, order, order.recordType(), handler, HandlerOptions.DEFAULTS);
    }

    public HandlerBinding<O> withOptions(HandlerOptions newOptions) {
        return new HandlerBinding<>(route, order, payloadType, handler, newOptions);
    }

    /** Calls the handler with an order already decoded for this binding. */
    public io.mailmesh.orders.Reply invoke(Order decoded, OrderContext context) throws Exception {
        return handler.handle(payloadType.cast(decoded), context);
    }
}
