package io.mailmesh.mqworker.twitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * Reads the raw message twitter-bridge stores for one direct message: the Twitter v1.1 {@code direct_messages}
 * event, UTF-8 JSON, optionally with the screen names added at the top level:
 *
 * <pre>{@code
 * {
 *   "type": "message_create",
 *   "id": "1234567890",                       // required: the DM id, used to de-duplicate
 *   "created_timestamp": "1700000000000",     // epoch milliseconds as text; optional
 *   "sender_screen_name": "alice",            // optional, added by twitter-bridge
 *   "recipient_screen_name": "bob",           // optional, added by twitter-bridge
 *   "message_create": {
 *     "target": { "recipient_id": "222" },    // required
 *     "sender_id": "111",                     // required
 *     "message_data": { "text": "hello" }     // text required (may be empty)
 *   }
 * }
 * }</pre>
 *
 * Participants are {@code twitter:<screen_name>} (lower-case); without a screen name the numeric id stands in.
 * Thread-safe.
 */
public final class DirectMessageParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException with a readable reason when the bytes are not such an event */
    public DirectMessage parse(byte[] raw) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("the raw direct message is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the raw direct message is not a JSON object");
        }
        String type = text(root, "type");
        if (type != null && !type.equals("message_create")) {
            throw new IllegalArgumentException("unexpected direct message event type " + type);
        }
        String id = required(root, "id");
        JsonNode create = root.path("message_create");
        String sender = required(create, "sender_id");
        String recipient = required(create.path("target"), "recipient_id");
        JsonNode data = create.path("message_data");
        if (!data.path("text").isTextual()) {
            throw new IllegalArgumentException("the direct message has no message_create.message_data.text");
        }
        return new DirectMessage(id, timestamp(text(root, "created_timestamp")), sender, recipient,
                screenName(text(root, "sender_screen_name")), screenName(text(root, "recipient_screen_name")),
                data.path("text").asText());
    }

    private static Instant timestamp(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("created_timestamp is not epoch milliseconds");
        }
    }

    private static String screenName(String value) {
        if (value == null) {
            return null;
        }
        String name = value.trim();
        if (name.startsWith("@")) {
            name = name.substring(1);
        }
        return name.isEmpty() ? null : name.toLowerCase(Locale.ROOT);
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the direct message has no " + field);
        }
        return value.trim();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }
}
