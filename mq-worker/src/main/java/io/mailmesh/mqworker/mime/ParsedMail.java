package io.mailmesh.mqworker.mime;

import io.mailmesh.mesh.store.model.AttachmentInfo;
import java.time.Instant;
import java.util.List;

/**
 * What could be read from a raw RFC 5322 message.
 *
 * @param messageId   Message-ID without angle brackets, or null
 * @param inReplyTo   In-Reply-To without angle brackets, or null
 * @param references  References without angle brackets, oldest first
 * @param listId      List-ID identifier (lower-case, without angle brackets), or null
 * @param listName    List-ID description, or null
 * @param subject     decoded subject, or null
 * @param date        Date header, or null when absent or unreadable
 * @param from        From addresses
 * @param to          To addresses
 * @param cc          Cc addresses
 * @param replyTo     Reply-To addresses
 * @param bodyPlain   plain-text body, or null
 * @param bodyHtml    HTML body, or null
 * @param attachments attachment metadata
 * @param warnings    what could not be read (empty for a clean message)
 */
public record ParsedMail(String messageId, String inReplyTo, List<String> references, String listId,
        String listName, String subject, Instant date, List<MailAddress> from, List<MailAddress> to,
        List<MailAddress> cc, List<MailAddress> replyTo, String bodyPlain, String bodyHtml,
        List<AttachmentInfo> attachments, List<String> warnings) {
    public ParsedMail {
        references = List.copyOf(references);
        from = List.copyOf(from);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        replyTo = List.copyOf(replyTo);
        attachments = List.copyOf(attachments);
        warnings = List.copyOf(warnings);
    }
}
