package io.mailmesh.examples.pingpong;

import io.mailmesh.orders.ExtensionKind;
import io.mailmesh.orders.ExtensionOrder;
import io.mailmesh.orders.OrderKind;

/** {@code {"order": "ping", "count": "7"}}: one ball of a rally; the answer is the next count. */
public record Ping(String count) implements ExtensionOrder {
    public static final ExtensionKind<Ping> KIND = ExtensionKind.of("ping", Ping.class);

    @Override
    public OrderKind kind() {
        return KIND;
    }
}
