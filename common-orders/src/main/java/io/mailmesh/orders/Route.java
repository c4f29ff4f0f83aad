package io.mailmesh.orders;

import java.util.List;
import java.util.Set;

/**
 * One row of seed 002's topic table.
 *
 * @param subject    the NATS subject orders are sent on
 * @param queueGroup the queue group subscribers share, so each order reaches one instance
 * @param mode       how orders travel on the subject
 * @param orders     the orders the subscriber accepts here
 * @param subscriber the executable that handles the route
 * @param emitters   the executables (or ops) that send orders on it
 */
public record Route(String subject, String queueGroup, Mode mode, Set<OrderType> orders, String subscriber,
                    List<String> emitters) {

    public Route {
        orders = Set.copyOf(orders);
        emitters = List.copyOf(emitters);
    }

    public boolean accepts(OrderType order) {
        return orders.contains(order);
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
