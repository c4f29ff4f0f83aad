package io.mailmesh.orders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The strict codec of orders and replies. Decoding checks, in order: size, JSON syntax, that the payload is an
 * object, the {@code order} key and whether the route accepts it, then every key the order requires. Unknown
 * extra keys are ignored. Thread-safe.
 */
public final class OrderCodec {
    /** Orders are small JSON documents; anything bigger is a mistake or an attack. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESERVED_REPLY_KEYS = Set.of("error", "code", "message");
    private static final Map<Route, Set<String>> EXTENSION_KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxBytes;

    public OrderCodec() {
        this(DEFAULT_MAX_BYTES);
    }

    public OrderCodec(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Decodes an order received on {@code route}, or explains what is wrong with it. */
    public Order decode(Route route, byte[] payload) throws InvalidOrderException {
        String subject = route.subject();
        if (payload.length > maxBytes) {
            throw new InvalidOrderException(Problem.TOO_LARGE, subject, null,
                    "payload of " + payload.length + " bytes is over the limit of " + maxBytes + " bytes");
        }
        TopLevelKeys found = readTopLevelKeys(subject, payload, extensionKeys(route));
        String orderName = requireString(subject, found, Keys.ORDER);
        OrderKind type = route.kindNamed(orderName)
                .orElseThrow(() -> new InvalidOrderException(Problem.UNKNOWN_ORDER, subject, Keys.ORDER,
                        "names order \"" + orderName + "\" which " + subject + " does not accept (accepted: "
                                + route.kinds().stream().map(OrderKind::wireName).sorted()
                                .collect(Collectors.joining(", ")) + ")"));
        for (String key : type.requiredKeys()) {
            requireString(subject, found, key);
        }
        for (String key : type.optionalKeys()) {
            JsonToken token = found.token(key);
            if (token != null && token != JsonToken.VALUE_NULL && token != JsonToken.VALUE_STRING) {
                throw wrongType(subject, key, token);
            }
        }
        return Order.fromWire(type, found::text);
    }

    /**
     * Streams the payload once: records the token type of every top-level key and the text of string values, and
     * skips everything else without building a tree (unknown keys can be large and are ignored anyway).
     */
    private static TopLevelKeys readTopLevelKeys(String subject, byte[] payload, Set<String> extensionKeys)
            throws InvalidOrderException {
        TopLevelKeys found = new TopLevelKeys();
        try (JsonParser parser = JSON.getFactory().createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null, "payload is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null,
                            "payload is not valid JSON: trailing content");
                }
                throw new InvalidOrderException(Problem.NOT_AN_OBJECT, subject, null,
                        "payload must be a JSON object, not " + describe(first));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int index = TopLevelKeys.indexOf(parser.currentName());
                JsonToken value = parser.nextToken();
                if (index >= 0) {
                    found.put(index, value, value == JsonToken.VALUE_STRING ? parser.getText() : null);
                } else if (extensionKeys.contains(parser.currentName())) {
                    found.putExtension(parser.currentName(), value,
                            value == JsonToken.VALUE_STRING ? parser.getText() : null);
                }
                if (value != JsonToken.VALUE_STRING) {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null,
                        "payload is not valid JSON: trailing content");
            }
            return found;
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null,
                    "payload is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null, "payload could not be read");
        }
    }

    /** The keys an extension route's orders read that seed 002's do not; none on a seed-002 route. */
    private static Set<String> extensionKeys(Route route) {
        if (route.extensionOrders().isEmpty()) {
            return Set.of();
        }
        return EXTENSION_KEYS.computeIfAbsent(route, r -> r.extensionOrders().stream()
                .flatMap(k -> java.util.stream.Stream.concat(k.requiredKeys().stream(), k.optionalKeys().stream()))
                .filter(k -> TopLevelKeys.indexOf(k) < 0).collect(Collectors.toUnmodifiableSet()));
    }

    /** Reads only the {@code order} name, for logs and metrics of payloads that failed to decode. */
    public static String peekOrderName(byte[] payload) {
        try {
            JsonNode order = JSON.readTree(payload).get(Keys.ORDER);
            return order != null && order.isTextual() ? order.textValue() : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public byte[] encode(Order order) {
        return write(JSON.valueToTree(order.toWire()));
    }

    /** A reply as compact JSON: {@code error}, then {@code code} on errors, {@code message}, then the fields. */
    public byte[] encode(Reply reply) {
        return ReplyJson.encode(reply);
    }

    /** Decodes a reply; anything that is not the reply shape becomes an error reply saying so. */
    public Reply decodeReply(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return Reply.failure("malformed_reply", "the reply is not JSON");
        }
        if (root == null || !root.isObject() || !root.path("error").isBoolean()) {
            return Reply.failure("malformed_reply", "the reply is not of the mesh reply shape");
        }
        boolean error = root.get("error").booleanValue();
        String code = root.path("code").isTextual() ? root.get("code").textValue() : null;
        String message = root.path("message").isTextual() ? root.get("message").textValue() : "";
        Map<String, String> fields = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!RESERVED_REPLY_KEYS.contains(e.getKey()) && e.getValue().isTextual()) {
                fields.put(e.getKey(), e.getValue().textValue());
            }
        });
        return new Reply(error, error && code == null ? "unknown" : code, message, fields);
    }

    private static String requireString(String subject, TopLevelKeys found, String key)
            throws InvalidOrderException {
        JsonToken token = found.token(key);
        if (token == null || token == JsonToken.VALUE_NULL) {
            throw new InvalidOrderException(Problem.MISSING_KEY, subject, key, "is missing");
        }
        if (token != JsonToken.VALUE_STRING) {
            throw wrongType(subject, key, token);
        }
        String value = found.text(key);
        if (value.isBlank()) {
            throw new InvalidOrderException(Problem.EMPTY_KEY, subject, key, "is empty");
        }
        return value;
    }

    private static InvalidOrderException wrongType(String subject, String key, JsonToken token) {
        return new InvalidOrderException(Problem.WRONG_TYPE, subject, key, "must be a string, not " + describe(token));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}
