package io.mailmesh.twitterbridge.deliver;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.mesh.store.model.Protocol;
import java.util.List;

/**
 * What a draft sends as a direct message: one Twitter recipient (role TO) and a text.
 *
 * @param recipientScreenName the recipient's screen name, without {@code @}
 * @param text                the plain-text body, else the subject
 */
record DmDraft(String recipientScreenName, String text) {
    /** Twitter's limit on the text of a direct message. */
    static final int MAX_TEXT = 10_000;

    static DmDraft of(Message draft) throws OrderFailedException {
        List<Participant> recipients = draft.participants().stream()
                .filter(p -> p.role() == ParticipantRole.TO)
                .toList();
        if (recipients.size() != 1 || recipients.get(0).protocol() != Protocol.TWITTER) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_RECIPIENT,
                    "a direct message needs exactly one twitter "
                    + "recipient (role TO); draft " + draft.id() + " has " + recipients.size() + " recipient(s)");
        }
        String screenName = recipients.get(0).address() == null ? "" : recipients.get(0).address().trim();
        if (screenName.startsWith("@")) {
            screenName = screenName.substring(1);
        }
        if (!screenName.matches("[A-Za-z0-9_]{1,50}")) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_RECIPIENT,
                    "draft " + draft.id() + " has no valid Twitter screen name as recipient");
        }
        String text = !isBlank(draft.bodyPlain()) ? draft.bodyPlain() : draft.subject();
        if (isBlank(text)) {
            throw OrderFailedException.rejected(ErrorCode.EMPTY_MESSAGE,
                    "draft " + draft.id() + " has no text to send");
        }
        if (text.length() > MAX_TEXT) {
            throw OrderFailedException.rejected(ErrorCode.MESSAGE_TOO_LONG, "draft " + draft.id() + " holds "
                    + text.length() + " characters; a direct message holds at most " + MAX_TEXT);
        }
        return new DmDraft(screenName, text);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
