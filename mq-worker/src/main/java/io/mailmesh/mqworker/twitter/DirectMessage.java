package io.mailmesh.mqworker.twitter;

import java.time.Instant;

/**
 * A Twitter direct message as read from the event twitter-bridge stored.
 *
 * @param id                  the DM event id
 * @param createdAt           when it was sent, or null
 * @param senderId            numeric sender id
 * @param recipientId         numeric recipient id
 * @param senderScreenName    sender screen name (lower-case), or null if the bridge did not add it
 * @param recipientScreenName recipient screen name (lower-case), or null
 * @param text                the message text (may be empty)
 */
public record DirectMessage(String id, Instant createdAt, String senderId, String recipientId,
        String senderScreenName, String recipientScreenName, String text) {

    /** The sender's address on the mesh: the screen name, else the numeric id. */
    public String senderAddress() {
        return senderScreenName != null ? senderScreenName : senderId;
    }

    /** The recipient's address on the mesh: the screen name, else the numeric id. */
    public String recipientAddress() {
        return recipientScreenName != null ? recipientScreenName : recipientId;
    }
}
