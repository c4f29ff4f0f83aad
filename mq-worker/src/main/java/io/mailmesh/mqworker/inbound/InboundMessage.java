package io.mailmesh.mqworker.inbound;

import io.mailmesh.mesh.store.model.AttachmentInfo;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Participant;
import java.time.Instant;
import java.util.List;

/**
 * A parsed inbound message ready to import.
 *
 * @param messageId    the deterministic message id (from the user and the external id)
 * @param discussionId the discussion it belongs to
 * @param received     true unless the user sent it
 * @param participants participants
 * @param subject      subject, or null
 * @param bodyPlain    plain body, or null
 * @param bodyHtml     HTML body, or null
 * @param date         message date, or null (the import time is used)
 * @param refs         external references
 * @param attachments  attachment metadata
 * @param warnings     parse warnings, kept on the message as tags
 */
record InboundMessage(String messageId, String discussionId, boolean received, List<Participant> participants,
        String subject, String bodyPlain, String bodyHtml, Instant date, ExternalReferences refs,
        List<AttachmentInfo> attachments, List<String> warnings) {
}
