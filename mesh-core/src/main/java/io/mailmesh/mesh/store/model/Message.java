package io.mailmesh.mesh.store.model;

import java.time.Instant;
import java.util.List;

/**
 * A message (received or draft) of one user. Its JSON form must stay under the NATS payload limit (1 MiB by
 * default); attachments stay in the raw message.
 *
 * @param id              message id
 * @param userId          owning user
 * @param discussionId    discussion it belongs to
 * @param draft           is a draft
 * @param received        was received (not sent by the user)
 * @param unread          unread
 * @param answered        answered
 * @param participants    participants
 * @param subject         subject, or null
 * @param bodyPlain       plain-text body, or null
 * @param bodyHtml        HTML body, or null
 * @param date            message date (listing order), or null for an undated draft
 * @param externalRefs    external references (never null)
 * @param rawMessageId    raw message id, or null
 * @param identityIds     identities it was received by or is sent from
 * @param tags            tags
 * @param attachments     attachment metadata
 */
public record Message(String id, String userId, String discussionId, boolean draft, boolean received,
        boolean unread, boolean answered, List<Participant> participants, String subject, String bodyPlain,
        String bodyHtml, Instant date, ExternalReferences externalRefs, String rawMessageId, List<String> identityIds,
        List<String> tags, List<AttachmentInfo> attachments) {

    public Message {
        participants = Lists.copy(participants);
        externalRefs = externalRefs == null ? ExternalReferences.NONE : externalRefs;
        identityIds = Lists.copy(identityIds);
        tags = Lists.copy(tags);
        attachments = Lists.copy(attachments);
    }

    public Message withFlags(boolean isUnread, boolean isAnswered) {
        return new Message(id, userId, discussionId, draft, received, isUnread, isAnswered, participants, subject,
                bodyPlain, bodyHtml, date, externalRefs, rawMessageId, identityIds, tags, attachments);
    }

    public Message withDraft(boolean isDraft) {
        return new Message(id, userId, discussionId, isDraft, received, unread, answered, participants, subject,
                bodyPlain, bodyHtml, date, externalRefs, rawMessageId, identityIds, tags, attachments);
    }

    public Message withContent(String newSubject, String newPlain, String newHtml) {
        return new Message(id, userId, discussionId, draft, received, unread, answered, participants, newSubject,
                newPlain, newHtml, date, externalRefs, rawMessageId, identityIds, tags, attachments);
    }

    public Message withParticipants(List<Participant> newParticipants) {
        return new Message(id, userId, discussionId, draft, received, unread, answered, newParticipants, subject,
                bodyPlain, bodyHtml, date, externalRefs, rawMessageId, identityIds, tags, attachments);
    }

    public Message withTags(List<String> newTags) {
        return new Message(id, userId, discussionId, draft, received, unread, answered, participants, subject,
                bodyPlain, bodyHtml, date, externalRefs, rawMessageId, identityIds, newTags, attachments);
    }

    public Message withDate(Instant newDate) {
        return new Message(id, userId, discussionId, draft, received, unread, answered, participants, subject,
                bodyPlain, bodyHtml, newDate, externalRefs, rawMessageId, identityIds, tags, attachments);
    }

    public Message withDiscussionId(String newDiscussionId) {
        return new Message(id, userId, newDiscussionId, draft, received, unread, answered, participants, subject,
                bodyPlain, bodyHtml, date, externalRefs, rawMessageId, identityIds, tags, attachments);
    }

    public Message withExternalRefs(ExternalReferences refs) {
        return new Message(id, userId, discussionId, draft, received, unread, answered, participants, subject,
                bodyPlain, bodyHtml, date, refs, rawMessageId, identityIds, tags, attachments);
    }
}
