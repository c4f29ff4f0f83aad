package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mqworker.support.StableIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns addresses into participants matched to the user's contacts: an address of one of the user's contacts
 * carries that contact's id; one of the user's own addresses carries the user's own contact id.
 */
public final class ParticipantResolver {
    private final ContactLookupCache contacts;

    @Inject
    ParticipantResolver(ContactLookupCache contacts) {
        this.contacts = contacts;
    }

    /** A participant list builder for one message of {@code owner}. */
    Builder builder(Owner owner) {
        return new Builder(owner);
    }

    /**
     * The participant-set discussion id: sha256 over the sorted distinct {@code protocol:address} values of the
     * FROM, TO and CC participants (a reply to everyone lands in the same discussion).
     */
    static String participantDiscussionId(List<Participant> participants) {
        Set<String> keys = new TreeSet<>();
        for (Participant p : participants) {
            if (p.role() == ParticipantRole.FROM || p.role() == ParticipantRole.TO || p.role() == ParticipantRole.CC) {
                keys.add(p.protocol().wireName() + ":" + p.address());
            }
        }
        return "p" + StableIds.sha256(String.join("\n", keys));
    }

    /** Collects participants, one per (role, protocol, address), looking each address up once. */
    final class Builder {
        private final Owner owner;
        private final Set<String> seen = new LinkedHashSet<>();
        private final List<Participant> participants = new ArrayList<>();
        private final Map<String, List<String>> contactIds = new HashMap<>();

        private Builder(Owner owner) {
            this.owner = owner;
        }

        Builder add(Protocol protocol, String address, String label, ParticipantRole role) {
            String normalized = Owner.normalize(address);
            if (!normalized.isEmpty() && seen.add(role + " " + protocol + " " + normalized)) {
                participants.add(new Participant(protocol, normalized, label, role,
                        contactIds.computeIfAbsent(protocol + " " + normalized, k -> lookup(protocol, normalized))));
            }
            return this;
        }

        List<Participant> build() {
            return List.copyOf(participants);
        }

        private List<String> lookup(Protocol protocol, String address) {
            Set<String> ids = new LinkedHashSet<>();
            if (owner.owns(protocol, address) && owner.user().contactId() != null) {
                ids.add(owner.user().contactId());
            }
            contacts.contactId(owner.userId(), protocol, address).ifPresent(ids::add);
            return List.copyOf(ids);
        }
    }
}
