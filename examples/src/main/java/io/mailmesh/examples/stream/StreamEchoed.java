package io.mailmesh.examples.stream;

import io.mailmesh.orders.ExtensionKind;
import io.mailmesh.orders.ExtensionOrder;
import io.mailmesh.orders.OrderKind;

/** The answer to a {@link StreamEcho}, itself kept in JetStream until the client takes it. */
public record StreamEchoed(String requestId, String text) implements ExtensionOrder {
    public static final ExtensionKind<StreamEchoed> KIND = ExtensionKind.of("stream_echoed", StreamEchoed.class);

    @Override
    public OrderKind kind() {
        return KIND;
    }
}
