package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.middleware.Invocation;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.mesh.middleware.Step;
import io.mailmesh.orders.InvalidOrderException;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderKind;
import io.mailmesh.orders.Problem;
import io.mailmesh.orders.Route;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The innermost step of a route: decode strictly, then call the handler declared for the order. */
final class RouteDispatch implements Step {
    private final Route route;
    private final OrderCodec codec;
    private final Map<OrderKind, BoundHandler> handlers = new HashMap<>();

    RouteDispatch(Route route, List<HandlerBinding<?>> bindings, OrderCodec codec, DeadlineWatch deadlines) {
        this.route = route;
        this.codec = codec;
        for (HandlerBinding<?> binding : bindings) {
            if (handlers.put(binding.order(), new BoundHandler(binding, deadlines)) != null) {
                throw new IllegalStateException("two handlers for " + binding.order() + " on " + route.subject());
            }
        }
    }

    @Override
    public Result invoke(Invocation invocation) throws Exception {
        Order order = codec.decode(route, invocation.data());
        BoundHandler handler = handlers.get(order.kind());
        if (handler == null) {
            throw new InvalidOrderException(Problem.UNKNOWN_ORDER, route.subject(), "order",
                    "names order \"" + order.kind() + "\" which this worker does not handle");
        }
        return handler.call(order, invocation);
    }
}
