package io.mailmesh.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
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
        JsonNode root = parse(subject, payload);
        if (!root.isObject()) {
            throw new InvalidOrderException(Problem.NOT_AN_OBJECT, subject, null,
                    "payload must be a JSON object, not " + describe(root));
        }
        String orderName = requireString(subject, root, Keys.ORDER);
        OrderType type = OrderType.fromWireName(orderName).filter(route::accepts)
                .orElseThrow(() -> new InvalidOrderException(Problem.UNKNOWN_ORDER, subject, Keys.ORDER,
                        "names order \"" + orderName + "\" which " + subject + " does not accept (accepted: "
                                + route.orders().stream().map(OrderType::wireName).sorted()
                                .collect(Collectors.joining(", ")) + ")"));
        Map<String, String> wire = new HashMap<>();
        for (String key : type.requiredKeys()) {
            wire.put(key, requireString(subject, root, key));
        }
        for (String key : type.optionalKeys()) {
            JsonNode value = root.get(key);
            if (value != null && !value.isNull()) {
                if (!value.isTextual()) {
                    throw wrongType(subject, key, value);
                }
                wire.put(key, value.textValue());
            }
        }
        return Order.fromWire(type, wire);
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

    public byte[] encode(Reply reply) {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", reply.error());
        if (reply.code() != null) {
            node.put("code", reply.code());
        }
        node.put("message", reply.message());
        reply.fields().forEach(node::put);
        return write(node);
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

    private static JsonNode parse(String subject, byte[] payload) throws InvalidOrderException {
        try {
            JsonNode root = JSON.readTree(payload);
            if (root == null || root.isMissingNode()) {
                throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null, "payload is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null,
                    "payload is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidOrderException(Problem.MALFORMED_JSON, subject, null, "payload could not be read");
        }
    }

    private static String requireString(String subject, JsonNode root, String key) throws InvalidOrderException {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            throw new InvalidOrderException(Problem.MISSING_KEY, subject, key, "is missing");
        }
        if (!value.isTextual()) {
            throw wrongType(subject, key, value);
        }
        if (value.textValue().isBlank()) {
            throw new InvalidOrderException(Problem.EMPTY_KEY, subject, key, "is empty");
        }
        return value.textValue();
    }

    private static InvalidOrderException wrongType(String subject, String key, JsonNode value) {
        return new InvalidOrderException(Problem.WRONG_TYPE, subject, key, "must be a string, not " + describe(value));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
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
