package io.mailmesh.examples.stream;

import io.mailmesh.orders.ExtensionKind;
import io.mailmesh.orders.ExtensionOrder;
import io.mailmesh.orders.OrderKind;

/** {@code {"order": "stream_echo", "request_id": "…", "text": "…"}}, kept in JetStream until a worker takes it. */
public record StreamEcho(String requestId, String text) implements ExtensionOrder {
    public static final ExtensionKind<StreamEcho> KIND = ExtensionKind.of("stream_echo", StreamEcho.class);

    @Override
    public OrderKind kind() {
        return KIND;
    }
}
