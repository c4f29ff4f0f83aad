package io.mailmesh.examples.files;

import io.mailmesh.orders.ExtensionKind;
import io.mailmesh.orders.ExtensionOrder;
import io.mailmesh.orders.OrderKind;

/** {@code {"order": "thumbnail", "object_name": "…"}}: make a thumbnail of an image already in the files store. */
public record Thumbnail(String objectName) implements ExtensionOrder {
    public static final ExtensionKind<Thumbnail> KIND = ExtensionKind.of("thumbnail", Thumbnail.class);

    @Override
    public OrderKind kind() {
        return KIND;
    }
}
