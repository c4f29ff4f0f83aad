package io.mailmesh.orders;

/**
 * An order a module outside common-orders declares: a record of strings whose components are its JSON keys, with
 * an {@link ExtensionKind} that names it. It has no seed-002 {@link OrderType}: {@link #kind()} names it.
 */
public non-sealed interface ExtensionOrder extends Order {

    @Override
    OrderKind kind();

    /** Extension orders are not in seed 002's closed enum; code that handles both asks {@link #kind()}. */
    @Override
    default OrderType type() {
        throw new UnsupportedOperationException(kind().wireName() + " is an extension order: use kind()");
    }

    /** No seed-002 user: an extension order carries whatever keys its record declares. */
    @Override
    default String userId() {
        return fields().get(Keys.USER_ID);
    }

    @Override
    default java.util.Map<String, String> fields() {
        return ExtensionKind.fieldsOf(this);
    }
}
