package io.mailmesh.apiemitter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailmesh.apiemitter.web.Caller;
import java.io.IOException;

/**
 * Keeps a user's ingress message to that user: an absent {@code user_id} is filled in with the caller's, a
 * different one is refused (403). The admin and the infrastructure channels act for anyone.
 */
final class UserScope {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserScope() {
    }

    static IngressMessage apply(IngressMessage message, Caller caller) throws Rejection {
        if (caller.mayActForAnyone()) {
            return message;
        }
        ObjectNode payload;
        try {
            payload = (ObjectNode) JSON.readTree(message.payload());
        } catch (IOException e) {
            throw new Rejection("the message cannot be read");
        }
        JsonNode given = payload.get("user_id");
        if (given == null || given.isNull()) {
            payload.put("user_id", caller.userId());
            try {
                return new IngressMessage(message.topic(), JSON.writeValueAsBytes(payload), message.awaitReply());
            } catch (IOException e) {
                throw new Rejection("the message cannot be re-encoded");
            }
        }
        if (!given.isTextual() || !given.textValue().equals(caller.userId())) {
            throw new Rejection(403, "user_id must be the caller's own (" + caller.userId() + ")");
        }
        return message;
    }
}
