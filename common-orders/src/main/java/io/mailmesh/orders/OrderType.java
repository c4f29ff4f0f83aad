package io.mailmesh.orders;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every order name of seed 002, with the payload shape it travels in. */
public enum OrderType implements OrderKind {
    DELIVER("deliver", PayloadShape.MESSAGE),
    PROCESS_INBOUND("process_inbound", PayloadShape.MESSAGE),
    SYNC("sync", PayloadShape.REMOTE),
    FULLFETCH("fullfetch", PayloadShape.REMOTE),
    ADD_WORKER("add_worker", PayloadShape.REMOTE),
    RELOAD_WORKER("reload_worker", PayloadShape.REMOTE),
    REMOVE_WORKER("remove_worker", PayloadShape.REMOTE),
    CONTACT_UPDATE("contact_update", PayloadShape.CONTACT),
    DISCOVER_KEY("discover_key", PayloadShape.CONTACT),
    PUBLISH_KEY("publish_key", PayloadShape.KEY),
    DELETE_KEY("delete_key", PayloadShape.KEY),
    ADD_IDENTITY("add_identity", PayloadShape.IDENTITY),
    UPDATE_IDENTITY("update_identity", PayloadShape.IDENTITY),
    DELETE_IDENTITY("delete_identity", PayloadShape.IDENTITY),
    /** The bridges' back-off signal: the new interval and the protocol are required. */
    UPDATE_INTERVAL("update_interval", PayloadShape.IDENTITY, Keys.POLL_INTERVALL, Keys.PROTOCOL);

    private final String wireName;
    private final PayloadShape shape;
    private final List<String> requiredKeys;
    private final List<String> optionalKeys;

    OrderType(String wireName, PayloadShape shape, String... extraRequiredKeys) {
        this.wireName = wireName;
        this.shape = shape;
        this.requiredKeys = Stream.concat(shape.requiredKeys().stream(), Arrays.stream(extraRequiredKeys)).toList();
        this.optionalKeys = shape.optionalKeys().stream().filter(k -> !requiredKeys.contains(k)).toList();
    }

    /** The value of the {@code order} key. */
    @Override
    public String wireName() {
        return wireName;
    }

    public PayloadShape shape() {
        return shape;
    }

    /** Keys besides {@code order} that must be present, non-empty strings. */
    @Override
    public List<String> requiredKeys() {
        return requiredKeys;
    }

    /** Keys that may be absent but must be strings when present. */
    @Override
    public List<String> optionalKeys() {
        return optionalKeys;
    }

    public static Optional<OrderType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    private static final java.util.Map<String, OrderType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(OrderType::wireName, t -> t));

    @Override
    public String toString() {
        return wireName;
    }
}
