package io.mailmesh.mesh.store.model;

import java.time.Instant;
import java.util.List;

/**
 * A discussion (thread) of one user.
 *
 * @param id              discussion id
 * @param userId          owning user
 * @param participants    participants across its messages
 * @param messageCount    number of messages
 * @param lastMessageDate date of the newest message, or null
 * @param excerpt         excerpt of the newest message, or null
 */
public record Discussion(String id, String userId, List<Participant> participants, int messageCount,
        Instant lastMessageDate, String excerpt) {
    public Discussion {
        participants = Lists.copy(participants);
    }

    /** This discussion with one more message dated {@code date}; keeps the newest date and its excerpt. */
    public Discussion withMessage(Instant date, String newExcerpt) {
        boolean newer = lastMessageDate == null || (date != null && date.isAfter(lastMessageDate));
        return new Discussion(id, userId, participants, messageCount + 1, newer ? date : lastMessageDate,
                newer ? newExcerpt : excerpt);
    }

    public Discussion withParticipants(List<Participant> newParticipants) {
        return new Discussion(id, userId, newParticipants, messageCount, lastMessageDate, excerpt);
    }
}
