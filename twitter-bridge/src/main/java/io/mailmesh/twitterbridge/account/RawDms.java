package io.mailmesh.twitterbridge.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Stores direct-message events as raw messages: the v1.1 event JSON with the top-level
 * {@code sender_screen_name} and {@code recipient_screen_name} added. The raw message id is derived from the
 * identity and the DM id, so storing the same DM again replaces it instead of adding a copy.
 */
public final class RawDms {
    public static final String SENDER_SCREEN_NAME = "sender_screen_name";
    public static final String RECIPIENT_SCREEN_NAME = "recipient_screen_name";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawMessageStore rawMessages;

    @Inject
    public RawDms(RawMessageStore rawMessages) {
        this.rawMessages = rawMessages;
    }

    /** Stores one event; {@code delivered} is true for a copy of a message that already exists (a sent DM). */
    public RawMessage store(String identityId, DmEvent event, String senderScreenName, String recipientScreenName,
                            boolean delivered) {
        byte[] bytes = enrich(event.rawJson(), senderScreenName, recipientScreenName);
        RawMessage metadata = new RawMessage(rawMessageId(identityId, event), 0, delivered,
                new FetchMetadata(Protocol.TWITTER, null, 0, List.of()));
        return rawMessages.putRawMessage(metadata, bytes);
    }

    /** Marks a stored event delivered: mq-worker has imported it. */
    public void markDelivered(String rawMessageId) {
        rawMessages.markDelivered(rawMessageId);
    }

    /** The raw message id of a DM received or sent through an identity. */
    public static String rawMessageId(String identityId, DmEvent event) {
        return UUID.nameUUIDFromBytes(("twitter:" + identityId + ":" + event.id())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The event object (unwrapped from a {@code {"event": …}} response) with the screen names added. */
    static byte[] enrich(String rawJson, String senderScreenName, String recipientScreenName) {
        try {
            JsonNode root = JSON.readTree(rawJson);
            JsonNode event = root.has("event") && root.get("event").isObject() ? root.get("event") : root;
            if (!event.isObject()) {
                throw new IllegalStateException("Twitter returned a direct message that is not a JSON object");
            }
            ObjectNode copy = ((ObjectNode) event).deepCopy();
            copy.put(SENDER_SCREEN_NAME, senderScreenName);
            copy.put(RECIPIENT_SCREEN_NAME, recipientScreenName);
            return JSON.writeValueAsBytes(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("Twitter returned malformed JSON for a direct message", e);
        }
    }
}
