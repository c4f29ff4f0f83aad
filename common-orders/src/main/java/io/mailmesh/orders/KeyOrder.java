package io.mailmesh.orders;

import java.util.Map;

/** {@code publish_key} and {@code delete_key}: attach or detach a public key on a resource (a contact). */
public record KeyOrder(OrderType type, String keyId, String resourceId, String userId) implements Order {

    public KeyOrder {
        Shapes.require(type, PayloadShape.KEY);
    }

    public static KeyOrder of(OrderType type, String keyId, String resourceId, String userId) {
        return new KeyOrder(type, keyId, resourceId, userId);
    }

    @Override
    public Map<String, String> fields() {
        return Map.of(Keys.KEY_ID, keyId, Keys.RESOURCE_ID, resourceId, Keys.USER_ID, userId);
    }
}
