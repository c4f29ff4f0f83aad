package io.mailmesh.apiemitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads an ingress message: the seed's envelope {@code {"message": "<JSON string>"}}, the same envelope holding
 * the object itself, or the bare object. The object must carry a string {@code topic}; {@code wait} (boolean) is
 * the caller's wish to wait for a reply. Both are removed from the published payload.
 */
public final class IngressParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IngressParser() {
    }

    public static IngressMessage parse(byte[] raw) throws Rejection {
        JsonNode root = read(raw, "message");
        if (!root.isObject()) {
            throw new Rejection("the message must be a JSON object");
        }
        JsonNode envelope = root.get("message");
        if (envelope != null && !root.has("topic")) {
            if (envelope.isTextual()) {
                root = read(envelope.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "the \"message\" string");
            } else {
                root = envelope;
            }
            if (!root.isObject()) {
                throw new Rejection("\"message\" must hold a JSON object");
            }
        }
        ObjectNode object = ((ObjectNode) root).deepCopy();
        JsonNode topic = object.remove("topic");
        if (topic == null || topic.isNull()) {
            throw new Rejection("the message has no \"topic\"");
        }
        if (!topic.isTextual()) {
            throw new Rejection("\"topic\" must be a string");
        }
        JsonNode wait = object.remove("wait");
        if (wait != null && !wait.isBoolean()) {
            throw new Rejection("\"wait\" must be true or false");
        }
        try {
            return new IngressMessage(topic.textValue(), JSON.writeValueAsBytes(object),
                    wait != null && wait.booleanValue());
        } catch (IOException e) {
            throw new Rejection("the message cannot be re-encoded");
        }
    }

    private static JsonNode read(byte[] raw, String what) throws Rejection {
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || node.isMissingNode()) {
                throw new Rejection(what + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new Rejection(what + " is not valid JSON");
        }
    }
}
