package io.mailmesh.orders;

import java.util.List;

/**
 * What the strict codec needs to know about one order name: its wire name and the keys it must and may carry. Seed
 * 002's {@link OrderType} is one closed set of kinds; an extension declares its own with {@link ExtensionKind}.
 */
public interface OrderKind {
    /** The value of the {@code order} key. */
    String wireName();

    /** Keys besides {@code order} that must be present, non-empty strings. */
    List<String> requiredKeys();

    /** Keys that may be absent but must be strings when present. */
    List<String> optionalKeys();
}
