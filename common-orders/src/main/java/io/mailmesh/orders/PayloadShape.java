package io.mailmesh.orders;

import java.util.List;

/** The five payload shapes of seed 002: which keys an order of that shape must and may carry. */
public enum PayloadShape {
    MESSAGE(List.of(Keys.MESSAGE_ID, Keys.REMOTE_ID, Keys.USER_ID), List.of()),
    REMOTE(List.of(Keys.REMOTE_ID, Keys.USER_ID), List.of()),
    CONTACT(List.of(Keys.CONTACT_ID, Keys.USER_ID), List.of()),
    KEY(List.of(Keys.KEY_ID, Keys.RESOURCE_ID, Keys.USER_ID), List.of()),
    IDENTITY(List.of(Keys.IDENTITY_ID, Keys.USER_ID), List.of(Keys.POLL_INTERVALL, Keys.PROTOCOL));

    private final List<String> requiredKeys;
    private final List<String> optionalKeys;

    PayloadShape(List<String> requiredKeys, List<String> optionalKeys) {
        this.requiredKeys = requiredKeys;
        this.optionalKeys = optionalKeys;
    }

    /** Keys every order of this shape carries, besides {@code order}. */
    public List<String> requiredKeys() {
        return requiredKeys;
    }

    /** Keys an order of this shape may carry; a present one must still be a string. */
    public List<String> optionalKeys() {
        return optionalKeys;
    }
}
