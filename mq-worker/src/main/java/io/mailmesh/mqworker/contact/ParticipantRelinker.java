package io.mailmesh.mqworker.contact;

import com.google.inject.Inject;
import io.mailmesh.mesh.store.DiscussionStore;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.Page;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import java.util.ArrayList;
import java.util.List;

/**
 * Links a contact to the participants of a user's messages and discussions whose address is the contact's, and
 * unlinks it from the others. Works in pages of {@value #BATCH} messages; each record is rewritten (by
 * compare-and-set) only when its links change, so a run that a crash cut short is resumed by the redelivered
 * order: what was already re-linked is only read again, never rewritten, and the run goes on from there.
 */
public final class ParticipantRelinker {
    static final int BATCH = 200;

    private final MessageStore messages;
    private final DiscussionStore discussions;

    @Inject
    ParticipantRelinker(MessageStore messages, DiscussionStore discussions) {
        this.messages = messages;
        this.discussions = discussions;
    }

    /** What one run changed. */
    record Outcome(int messagesScanned, int messagesChanged, int discussionsChanged) {
        String describe() {
            return messagesChanged + " of " + messagesScanned + " message(s) and " + discussionsChanged
                    + " discussion(s) re-linked";
        }
    }

    Outcome relink(String userId, String contactId, LinkTargets targets) {
        int scanned = 0;
        int changed = 0;
        String cursor = null;
        do {
            Page<Message> page = messages.messagesOf(userId, cursor, BATCH);
            for (Message m : page.items()) {
                scanned++;
                if (relinked(m.participants(), contactId, targets) != null && update(m, contactId, targets)) {
                    changed++;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        int discussionsChanged = 0;
        for (Discussion d : discussions.discussionsOf(userId)) {
            if (relinked(d.participants(), contactId, targets) != null) {
                try {
                    discussions.updateDiscussion(userId, d.id(), current -> {
                        List<Participant> next = relinked(current.participants(), contactId, targets);
                        return next == null ? current : current.withParticipants(next);
                    });
                    discussionsChanged++;
                } catch (RecordNotFoundException e) {
                    // deleted meanwhile
                }
            }
        }
        return new Outcome(scanned, changed, discussionsChanged);
    }

    private boolean update(Message m, String contactId, LinkTargets targets) {
        try {
            messages.updateMessage(m.userId(), m.id(), current -> {
                List<Participant> next = relinked(current.participants(), contactId, targets);
                return next == null ? current : current.withParticipants(next);
            });
            return true;
        } catch (RecordNotFoundException e) {
            return false;
        }
    }

    /** The participants with the contact linked where it belongs and unlinked elsewhere; null if unchanged. */
    static List<Participant> relinked(List<Participant> participants, String contactId, LinkTargets targets) {
        boolean changed = false;
        List<Participant> out = new ArrayList<>(participants.size());
        for (Participant p : participants) {
            boolean belongs = targets.matches(p);
            boolean linked = p.contactIds().contains(contactId);
            if (belongs == linked) {
                out.add(p);
                continue;
            }
            List<String> ids = new ArrayList<>(p.contactIds());
            if (belongs) {
                ids.add(contactId);
            } else {
                ids.remove(contactId);
            }
            out.add(new Participant(p.protocol(), p.address(), p.label(), p.role(), ids));
            changed = true;
        }
        return changed ? out : null;
    }
}
