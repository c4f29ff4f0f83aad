package io.mailmesh.apiemitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One accepted message as the audit log keeps it (and as the outbox holds it until published).
 *
 * @param id       the gateway's id, also the {@code Nats-Msg-Id} it is published with
 * @param protocol the ingress: http, ws, redis or nats
 * @param time     when it was accepted
 * @param topic    the subject
 * @param payload  the published JSON object
 */
public record AuditEntry(String id, String protocol, Instant time, String topic, byte[] payload) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        try {
            ObjectNode node = JSON.createObjectNode().put("id", id).put("protocol", protocol)
                    .put("time", time.toString()).put("topic", topic);
            node.set("payload", JSON.readTree(payload));
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AuditEntry fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            // an outcome line (see AuditLog#unanswered) has the id and topic of its entry but no payload
            if (node == null || !node.path("payload").isObject()) {
                throw new IllegalArgumentException("no payload object");
            }
            return new AuditEntry(node.get("id").textValue(), node.get("protocol").textValue(),
                    Instant.parse(node.get("time").textValue()), node.get("topic").textValue(),
                    JSON.writeValueAsBytes(node.get("payload")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an audit entry: " + e.getMessage());
        }
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
