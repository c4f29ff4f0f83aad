package io.mailmesh.orders;

import java.util.Map;

/** {@code contact_update} and {@code discover_key}: act on one contact of a user. */
public record ContactOrder(OrderType type, String contactId, String userId) implements Order {

    public ContactOrder {
        Shapes.require(type, PayloadShape.CONTACT);
    }

    public static ContactOrder of(OrderType type, String contactId, String userId) {
        return new ContactOrder(type, contactId, userId);
    }

    @Override
    public Map<String, String> fields() {
        return Map.of(Keys.CONTACT_ID, contactId, Keys.USER_ID, userId);
    }
}
