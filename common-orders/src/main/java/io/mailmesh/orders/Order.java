package io.mailmesh.orders;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** An order as it travels on NATS: one JSON object whose {@code order} key names what to do. */
public sealed interface Order permits MessageOrder, RemoteOrder, ContactOrder, KeyOrder, IdentityOrder,
        ExtensionOrder {

    OrderType type();

    /** The order's kind: its seed-002 {@link #type()}, or an extension's {@link ExtensionKind}. */
    default OrderKind kind() {
        return type();
    }

    String userId();

    /** The payload's keys and values besides {@code order}; absent optional keys are left out. */
    Map<String, String> fields();

    /** The whole payload as it goes on the wire, keys sorted as seed 002 prints them. */
    default Map<String, String> toWire() {
        Map<String, String> wire = new TreeMap<>(fields());
        wire.values().removeIf(v -> v == null);
        wire.put(Keys.ORDER, kind().wireName());
        return wire;
    }

    /**
     * Builds the record of the order type's shape from already validated wire fields.
     *
     * @param wire the value of each wire key, null for an absent one
     */
    static Order fromWire(OrderKind kind, Function<String, String> wire) {
        if (kind instanceof ExtensionKind<?> extension) {
            return extension.fromWire(wire);
        }
        return fromWire((OrderType) kind, wire);
    }

    /**
     * Builds the record of the order type's shape from already validated wire fields.
     *
     * @param wire the value of each wire key, null for an absent one
     */
    static Order fromWire(OrderType type, Function<String, String> wire) {
        return switch (type.shape()) {
            case MESSAGE -> new MessageOrder(type, wire.apply(Keys.MESSAGE_ID), wire.apply(Keys.REMOTE_ID),
                    wire.apply(Keys.USER_ID));
            case REMOTE -> new RemoteOrder(type, wire.apply(Keys.REMOTE_ID), wire.apply(Keys.USER_ID));
            case CONTACT -> new ContactOrder(type, wire.apply(Keys.CONTACT_ID), wire.apply(Keys.USER_ID));
            case KEY -> new KeyOrder(type, wire.apply(Keys.KEY_ID), wire.apply(Keys.RESOURCE_ID),
                    wire.apply(Keys.USER_ID));
            case IDENTITY -> new IdentityOrder(type, wire.apply(Keys.IDENTITY_ID), wire.apply(Keys.POLL_INTERVALL),
                    wire.apply(Keys.PROTOCOL), wire.apply(Keys.USER_ID));
        };
    }
}
