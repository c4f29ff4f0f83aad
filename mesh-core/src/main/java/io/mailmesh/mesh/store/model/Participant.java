package io.mailmesh.mesh.store.model;

import java.util.List;

/**
 * A participant of a message or discussion.
 *
 * @param protocol   email or twitter
 * @param address    e-mail address or screen name
 * @param label      display label, or null
 * @param role       role in the message
 * @param contactIds contacts this participant was matched to
 */
public record Participant(Protocol protocol, String address, String label, ParticipantRole role,
        List<String> contactIds) {
    public Participant {
        contactIds = Lists.copy(contactIds);
    }
}
