package io.mailmesh.twitterbridge.account;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One direct-message event as Twitter returned it.
 *
 * @param id          the event id, compared as a number
 * @param senderId    the sender's user id
 * @param recipientId the recipient's user id
 * @param rawJson     the event's JSON as received (the v1.1 {@code message_create} event object)
 */
public record DmEvent(BigInteger id, long senderId, long recipientId, String rawJson) {
    public DmEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rawJson, "rawJson");
    }
}
