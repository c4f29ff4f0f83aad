package io.mailmesh.mesh.hostile;

import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Route;
import java.util.List;
import java.util.stream.Stream;

/**
 * Handlers that behave as the real workers do with ids that name nothing: they reject the order, quoting its ids in
 * the message (so a hostile id ends up in the error text, as it does in production).
 */
final class RejectingHandlers {
    private RejectingHandlers() {
    }

    /** A rejecting handler for every order of every given route. */
    static HandlerBinding<?>[] forRoutes(List<Route> routes) {
        return routes.stream().flatMap(route -> route.orders().stream().map(type -> forOrder(route, type)))
                .toArray(HandlerBinding<?>[]::new);
    }

    static HandlerBinding<?> forOrder(Route route, OrderType type) {
        return switch (type.shape()) {
            case MESSAGE -> HandlerBinding.of(route, type, MessageOrder.class, rejecting());
            case REMOTE -> HandlerBinding.of(route, type, RemoteOrder.class, rejecting());
            case CONTACT -> HandlerBinding.of(route, type, ContactOrder.class, rejecting());
            case KEY -> HandlerBinding.of(route, type, KeyOrder.class, rejecting());
            case IDENTITY -> HandlerBinding.of(route, type, IdentityOrder.class, rejecting());
        };
    }

    private static <O extends Order> OrderHandler<O> rejecting() {
        return (order, context) -> {
            throw OrderFailedException.notFound("not_found", "nothing is known of " + order.fields());
        };
    }

    static Stream<Route> requestRoutes(List<Route> routes) {
        return routes.stream().filter(r -> !r.isPublishOnly());
    }
}
