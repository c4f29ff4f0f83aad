package io.mailmesh.orders;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a topic table: seed 002's ({@link Routes}) or an extension's ({@link RouteTable}).
 *
 * @param subject         the NATS subject orders are sent on
 * @param queueGroup      the queue group subscribers share, so each order reaches one instance
 * @param mode            how orders travel on the subject
 * @param orders          the seed-002 orders the subscriber accepts here
 * @param subscriber      the executable that handles the route
 * @param emitters        the executables (or ops) that send orders on it
 * @param extensionOrders the extension orders the subscriber accepts here (none on a seed-002 route)
 */
public record Route(String subject, String queueGroup, Mode mode, Set<OrderType> orders, String subscriber,
                    List<String> emitters, Set<ExtensionKind<?>> extensionOrders) {

    public Route {
        orders = Set.copyOf(orders);
        emitters = List.copyOf(emitters);
        extensionOrders = Set.copyOf(extensionOrders);
        if (orders.isEmpty() && extensionOrders.isEmpty()) {
            throw new IllegalArgumentException(subject + " accepts no order");
        }
    }

    /** A seed-002 route. */
    public Route(String subject, String queueGroup, Mode mode, Set<OrderType> orders, String subscriber,
                 List<String> emitters) {
        this(subject, queueGroup, mode, orders, subscriber, emitters, Set.of());
    }

    /** An extension's route, carrying only the extension's own orders. */
    public static Route extension(String subject, String queueGroup, Mode mode, Set<ExtensionKind<?>> orders,
                                  String subscriber, List<String> emitters) {
        return new Route(subject, queueGroup, mode, Set.of(), subscriber, emitters, orders);
    }

    public boolean accepts(OrderType order) {
        return orders.contains(order);
    }

    public boolean accepts(OrderKind order) {
        return order instanceof OrderType type ? orders.contains(type) : extensionOrders.contains(order);
    }

    /** Every order accepted here, seed-002 and extension alike. */
    public Set<OrderKind> kinds() {
        Set<OrderKind> all = new LinkedHashSet<>(orders);
        all.addAll(extensionOrders);
        return all;
    }

    /** The accepted order named {@code wireName} on the wire. */
    public Optional<OrderKind> kindNamed(String wireName) {
        if (extensionOrders.isEmpty()) {
            return OrderType.fromWireName(wireName).filter(orders::contains).map(OrderKind.class::cast);
        }
        return kinds().stream().filter(k -> k.wireName().equals(wireName)).findFirst();
    }

    /** True when every order here is a request answered by a reply. */
    public boolean isRequestReply() {
        return mode == Mode.REQUEST_REPLY;
    }

    /** True when no order here is a request, so the route may be captured by a durable stream. */
    public boolean isPublishOnly() {
        return mode == Mode.PUB_SUB;
    }

    @Override
    public String toString() {
        return subject + " (" + queueGroup + ")";
    }
}
