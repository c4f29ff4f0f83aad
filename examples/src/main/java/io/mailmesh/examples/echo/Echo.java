package io.mailmesh.examples.echo;

import io.mailmesh.orders.ExtensionKind;
import io.mailmesh.orders.ExtensionOrder;
import io.mailmesh.orders.OrderKind;

/** {@code {"order": "echo", "text": "…"}}: say it back, naming the caller. */
public record Echo(String text) implements ExtensionOrder {
    public static final ExtensionKind<Echo> KIND = ExtensionKind.of("echo", Echo.class);

    @Override
    public OrderKind kind() {
        return KIND;
    }
}
