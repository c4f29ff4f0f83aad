package io.mailmesh.examples.cache;

import io.mailmesh.orders.ExtensionKind;
import io.mailmesh.orders.ExtensionOrder;
import io.mailmesh.orders.OrderKind;

/** {@code {"order": "cached_echo", "text": "…"}}: the same text within 5 s gets the same, cached answer. */
public record CachedEcho(String text) implements ExtensionOrder {
    public static final ExtensionKind<CachedEcho> KIND = ExtensionKind.of("cached_echo", CachedEcho.class);

    @Override
    public OrderKind kind() {
        return KIND;
    }
}
