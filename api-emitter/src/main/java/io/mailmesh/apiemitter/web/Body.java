package io.mailmesh.apiemitter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Typed reads of a JSON request body that fail with a 400 naming the field and the reason. */
public final class Body {
    private static final int MAX_TEXT = 100_000;
    private final ObjectNode root;
    private final String prefix;

    public Body(ObjectNode root) {
        this(root, "");
    }

    private Body(ObjectNode root, String prefix) {
        this.root = root;
        this.prefix = prefix;
    }

    public static Body of(byte[] bytes) {
        return new Body(WebJson.readObject(bytes));
    }

    public boolean has(String field) {
        JsonNode v = root.get(field);
        return v != null && !v.isNull();
    }

    public String name(String field) {
        return prefix + field;
    }

    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> ApiException.invalid(name(field), "is required"));
    }

    public Optional<String> optionalString(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(name(field), "must be a string");
        }
        String text = v.textValue().strip();
        if (text.isEmpty()) {
            throw ApiException.invalid(name(field), "must not be empty");
        }
        if (text.length() > MAX_TEXT) {
            throw ApiException.invalid(name(field), "is longer than " + MAX_TEXT + " characters");
        }
        return Optional.of(text);
    }

    /** A string that may be empty (a body, a subject). */
    public Optional<String> optionalText(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(name(field), "must be a string");
        }
        return Optional.of(v.textValue());
    }

    public Optional<Integer> optionalInt(String field, int min, int max) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw ApiException.invalid(name(field), "must be an integer");
        }
        int value = v.intValue();
        if (value < min || value > max) {
            throw ApiException.invalid(name(field), "must be between " + min + " and " + max);
        }
        return Optional.of(value);
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(name(field), "must be true or false");
        }
        return Optional.of(v.booleanValue());
    }

    public Optional<Body> optionalObject(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw ApiException.invalid(name(field), "must be an object");
        }
        return Optional.of(new Body((ObjectNode) v, name(field) + "."));
    }

    /** A list of strings. */
    public Optional<List<String>> optionalStrings(String field) {
        return optionalList(field, (item, at) -> {
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw ApiException.invalid(at, "must be a non-empty string");
            }
            return item.textValue().strip();
        });
    }

    /** A list of objects, each read by {@code reader}. */
    public <T> Optional<List<T>> optionalObjects(String field, Function<Body, T> reader) {
        return optionalList(field, (item, at) -> {
            if (!item.isObject()) {
                throw ApiException.invalid(at, "must be an object");
            }
            return reader.apply(new Body((ObjectNode) item, at + "."));
        });
    }

    private interface ItemReader<T> {
        T read(JsonNode item, String at);
    }

    private <T> Optional<List<T>> optionalList(String field, ItemReader<T> reader) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw ApiException.invalid(name(field), "must be an array");
        }
        if (v.size() > 1000) {
            throw ApiException.invalid(name(field), "holds more than 1000 items");
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            items.add(reader.read(v.get(i), name(field) + "[" + i + "]"));
        }
        return Optional.of(items);
    }

    /** Parses an enum value case-insensitively, or a 400 listing the accepted values. */
    public <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
        return optionalString(field).map(text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw ApiException.invalid(name(field), "must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase()).toList());
        });
    }
}
