package io.mailmesh.orders;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The kind of an {@link ExtensionOrder} record: its wire name, and its JSON keys read from the record's String
 * components (snake_case of the component name, or {@link WireKey}). Decoding goes through the same strict codec
 * as seed 002's orders, so an extension order gets the same named errors.
 *
 * @param <O> the order record
 */
public final class ExtensionKind<O extends ExtensionOrder> implements OrderKind {
    private static final Map<Class<?>, List<Component>> COMPONENTS = new ConcurrentHashMap<>();

    private final String wireName;
    private final Class<O> recordType;
    private final List<String> requiredKeys;
    private final List<String> optionalKeys;
    private final Constructor<O> constructor;

    private ExtensionKind(String wireName, Class<O> recordType) {
        if (wireName == null || !wireName.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("an order name is lower snake_case: " + wireName);
        }
        if (OrderType.fromWireName(wireName).isPresent()) {
            throw new IllegalArgumentException(wireName + " is a seed-002 order name");
        }
        this.wireName = wireName;
        this.recordType = recordType;
        List<Component> components = componentsOf(recordType);
        this.requiredKeys = components.stream().filter(c -> !c.optional()).map(Component::key).toList();
        this.optionalKeys = components.stream().filter(Component::optional).map(Component::key).toList();
        try {
            this.constructor = recordType.getDeclaredConstructor(
                    Arrays.stream(recordType.getRecordComponents()).map(RecordComponent::getType)
                            .toArray(Class<?>[]::new));
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(recordType + " has no canonical constructor", e);
        }
    }

    /** Declares the order {@code wireName} carried by {@code recordType}, a record of String components. */
    public static <O extends ExtensionOrder> ExtensionKind<O> of(String wireName, Class<O> recordType) {
        return new ExtensionKind<>(wireName, recordType);
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public List<String> requiredKeys() {
        return requiredKeys;
    }

    @Override
    public List<String> optionalKeys() {
        return optionalKeys;
    }

    public Class<O> recordType() {
        return recordType;
    }

    /** Builds the record from already validated wire fields (null for an absent optional key). */
    public O fromWire(Function<String, String> wire) {
        Object[] values = componentsOf(recordType).stream().map(c -> wire.apply(c.key())).toArray();
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + recordType.getSimpleName(), e);
        }
    }

    /** An extension order's keys and values, in the record's order; absent optional keys are left out. */
    static Map<String, String> fieldsOf(ExtensionOrder order) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Component component : componentsOf(order.getClass())) {
            try {
                Object value = component.accessor().invoke(order);
                if (value != null) {
                    fields.put(component.key(), (String) value);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.key(), e);
            }
        }
        return fields;
    }

    private static List<Component> componentsOf(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, ExtensionKind::read);
    }

    private static List<Component> read(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " must be a record");
        }
        List<Component> components = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getType() != String.class) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + component.getName()
                        + " must be a String: every value of an order is a JSON string");
            }
            WireKey wireKey = component.getAnnotation(WireKey.class);
            String key = wireKey == null || wireKey.value().isEmpty() ? snakeCase(component.getName())
                    : wireKey.value();
            if (key.equals(Keys.ORDER)) {
                throw new IllegalArgumentException("\"order\" is the key of the order name itself");
            }
            component.getAccessor().setAccessible(true);
            components.add(new Component(key, wireKey != null && wireKey.optional(), component.getAccessor()));
        }
        return List.copyOf(components);
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private record Component(String key, boolean optional, java.lang.reflect.Method accessor) {
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExtensionKind<?> kind && kind.wireName.equals(wireName)
                && kind.recordType == recordType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(wireName, recordType);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
