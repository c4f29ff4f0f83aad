package io.mailmesh.orders;

import java.util.Map;
import java.util.TreeMap;

/** An order as it travels on NATS: one JSON object whose {@code order} key names what to do. */
public sealed interface Order permits MessageOrder, RemoteOrder, ContactOrder, KeyOrder, IdentityOrder {

    OrderType type();

    String userId();

    /** The payload's keys and values besides {@code order}; absent optional keys are left out. */
    Map<String, String> fields();

    /** The whole payload as it goes on the wire, keys sorted as seed 002 prints them. */
    default Map<String, String> toWire() {
        Map<String, String> wire = new TreeMap<>(fields());
        wire.values().removeIf(v -> v == null);
        wire.put(Keys.ORDER, type().wireName());
        return wire;
    }

    /** Builds the record of the order type's shape from already validated wire fields. */
    static Order fromWire(OrderType type, Map<String, String> wire) {
        return switch (type.shape()) {
            case MESSAGE -> new MessageOrder(type, wire.get(Keys.MESSAGE_ID), wire.get(Keys.REMOTE_ID),
                    wire.get(Keys.USER_ID));
            case REMOTE -> new RemoteOrder(type, wire.get(Keys.REMOTE_ID), wire.get(Keys.USER_ID));
            case CONTACT -> new ContactOrder(type, wire.get(Keys.CONTACT_ID), wire.get(Keys.USER_ID));
            case KEY -> new KeyOrder(type, wire.get(Keys.KEY_ID), wire.get(Keys.RESOURCE_ID), wire.get(Keys.USER_ID));
            case IDENTITY -> new IdentityOrder(type, wire.get(Keys.IDENTITY_ID), wire.get(Keys.POLL_INTERVALL),
                    wire.get(Keys.PROTOCOL), wire.get(Keys.USER_ID));
        };
    }
}
