package io.mailmesh.smtpbridge.deliver;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.model.AttachmentInfo;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mesh.store.model.ParticipantRole;
import io.mailmesh.smtpbridge.relay.MailSessions;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the MIME form of a draft: From (the identity), To, Cc (Bcc only on the envelope), Reply-To, Subject
 * (RFC 2047 when not ASCII), Date, Message-ID, In-Reply-To, References, a plain and/or HTML body
 * (multipart/alternative when both) and the attachments. The attachments' bytes are read from the draft's raw
 * message (its {@code rawMessageId}): each {@link AttachmentInfo} is matched there by file name or Content-ID.
 */
final class MimeComposer {
    private static final String UTF8 = StandardCharsets.UTF_8.name();

    private final Session session = MailSessions.composing();

    /**
     * @param attachmentSource the draft's raw message holding its attachments, or null when it has none
     * @throws OrderFailedException for a draft that cannot become a mail (no recipient, bad address, line break in
     *                              a header, missing attachment)
     */
    ComposedMail compose(Message draft, Identity from, String messageId, Instant date, byte[] attachmentSource)
            throws OrderFailedException, MessagingException, IOException {
        Map<ParticipantRole, List<InternetAddress>> byRole = participants(draft);
        List<InternetAddress> to = byRole.getOrDefault(ParticipantRole.TO, List.of());
        List<InternetAddress> cc = byRole.getOrDefault(ParticipantRole.CC, List.of());
        List<InternetAddress> bcc = byRole.getOrDefault(ParticipantRole.BCC, List.of());
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw OrderFailedException.rejected(ErrorCode.NO_RECIPIENT,
                    "message " + draft.id() + " has no recipient (To, Cc or Bcc)");
        }
        MimeMessage mime = new FixedIdMimeMessage(session, messageId);
        mime.setFrom(address("sender address", from.address(), from.displayName()));
        if (!to.isEmpty()) {
            mime.setRecipients(jakarta.mail.Message.RecipientType.TO, to.toArray(Address[]::new));
        }
        if (!cc.isEmpty()) {
            mime.setRecipients(jakarta.mail.Message.RecipientType.CC, cc.toArray(Address[]::new));
        }
        List<InternetAddress> replyTo = byRole.getOrDefault(ParticipantRole.REPLY_TO, List.of());
        if (!replyTo.isEmpty()) {
            mime.setReplyTo(replyTo.toArray(Address[]::new));
        }
        String subject = HeaderGuard.singleLine("subject", draft.subject());
        mime.setSubject(subject == null ? "" : subject, UTF8);
        mime.setSentDate(Date.from(date));
        String inReplyTo = HeaderGuard.singleLine("In-Reply-To", draft.externalRefs().inReplyTo());
        if (inReplyTo != null && !inReplyTo.isBlank()) {
            mime.setHeader("In-Reply-To", bracketed(inReplyTo));
        }
        List<String> refs = new ArrayList<>();
        for (String ref : draft.externalRefs().references()) {
            if (ref != null && !HeaderGuard.singleLine("References", ref).isBlank()) {
                refs.add(bracketed(ref));
            }
        }
        if (refs.isEmpty() && inReplyTo != null && !inReplyTo.isBlank()) {
            refs.add(bracketed(inReplyTo));
        }
        if (!refs.isEmpty()) {
            mime.setHeader("References", jakarta.mail.internet.MimeUtility.fold(12, String.join(" ", refs)));
        }
        List<MimeBodyPart> attachments = attachments(draft, attachmentSource);
        setBody(mime, draft.bodyPlain(), draft.bodyHtml(), attachments);
        mime.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(draft, attachmentSource));
        mime.writeTo(out);
        List<Address> envelope = new ArrayList<>(to);
        envelope.addAll(cc);
        envelope.addAll(bcc);
        return new ComposedMail(out.toByteArray(), envelope.toArray(Address[]::new), messageId);
    }

    /** A message ready for {@link jakarta.mail.Transport#sendMessage}, read back from the composed bytes. */
    MimeMessage parse(byte[] bytes) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(bytes));
    }

    private static Map<ParticipantRole, List<InternetAddress>> participants(Message draft)
            throws OrderFailedException {
        Map<ParticipantRole, List<InternetAddress>> byRole = new LinkedHashMap<>();
        for (Participant p : draft.participants()) {
            if (p.role() == ParticipantRole.FROM || p.role() == ParticipantRole.SENDER) {
                continue;
            }
            String what = p.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " address";
            byRole.computeIfAbsent(p.role(), r -> new ArrayList<>()).add(address(what, p.address(), p.label()));
        }
        return byRole;
    }

    private static InternetAddress address(String what, String address, String displayName)
            throws OrderFailedException {
        HeaderGuard.singleLine(what, address);
        HeaderGuard.singleLine("display name of " + address, displayName);
        if (address == null || address.isBlank()) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ADDRESS, "a " + what + " is empty");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.trim(), true);
            if (parsed.isGroup() || !Objects.equals(parsed.getAddress(), address.trim())) {
                throw new AddressException("not a single bare address");
            }
            if (displayName != null && !displayName.isBlank()) {
                parsed.setPersonal(displayName, UTF8);
            }
            return parsed;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ADDRESS, "the " + what + " '" + address
                    + "' is not a valid e-mail address");
        }
    }

    private static String bracketed(String id) {
        String s = id.trim();
        return s.startsWith("<") ? s : "<" + s + ">";
    }

    private static void setBody(MimeMessage mime, String plain, String html, List<MimeBodyPart> attachments)
            throws MessagingException {
        boolean hasPlain = plain != null;
        boolean hasHtml = html != null && !html.isEmpty();
        if (attachments.isEmpty() && !hasHtml) {
            mime.setText(hasPlain ? plain : "", UTF8, "plain");
            return;
        }
        if (attachments.isEmpty() && !hasPlain) {
            mime.setText(html, UTF8, "html");
            return;
        }
        MimeBodyPart text = new MimeBodyPart();
        if (hasPlain && hasHtml) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(textPart(plain, "plain"));
            alternative.addBodyPart(textPart(html, "html"));
            if (attachments.isEmpty()) {
                mime.setContent(alternative);
                return;
            }
            text.setContent(alternative);
        } else {
            text = textPart(hasHtml ? html : (hasPlain ? plain : ""), hasHtml ? "html" : "plain");
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        for (MimeBodyPart attachment : attachments) {
            mixed.addBodyPart(attachment);
        }
        mime.setContent(mixed);
    }

    private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, UTF8, subtype);
        return part;
    }

    private List<MimeBodyPart> attachments(Message draft, byte[] source)
            throws OrderFailedException, MessagingException, IOException {
        if (draft.attachments().isEmpty()) {
            return List.of();
        }
        if (source == null) {
            throw OrderFailedException.rejected(ErrorCode.ATTACHMENT_MISSING, "message " + draft.id()
                    + " lists attachments but has no raw message holding them");
        }
        List<MimeBodyPart> found = new ArrayList<>();
        collect(new MimeMessage(session, new ByteArrayInputStream(source)), found);
        List<MimeBodyPart> chosen = new ArrayList<>();
        for (AttachmentInfo info : draft.attachments()) {
            MimeBodyPart match = null;
            for (MimeBodyPart candidate : found) {
                if (!chosen.contains(candidate) && matches(candidate, info)) {
                    match = candidate;
                    break;
                }
            }
            if (match == null) {
                throw OrderFailedException.rejected(ErrorCode.ATTACHMENT_MISSING, "attachment '" + info.fileName()
                        + "' of message " + draft.id() + " is not in its raw message");
            }
            chosen.add(match);
        }
        List<MimeBodyPart> copies = new ArrayList<>(chosen.size());
        for (MimeBodyPart part : chosen) {
            copies.add(copy(part));
        }
        return copies;
    }

    private static boolean matches(MimeBodyPart part, AttachmentInfo info) throws MessagingException {
        if (info.contentId() != null && !info.contentId().isBlank()) {
            String cid = part.getContentID();
            if (cid != null && bracketed(cid).equals(bracketed(info.contentId()))) {
                return true;
            }
        }
        return info.fileName() != null && info.fileName().equals(part.getFileName());
    }

    private static void collect(Part part, List<MimeBodyPart> out) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), out);
            }
        } else if (part instanceof MimeBodyPart body
                && (Part.ATTACHMENT.equalsIgnoreCase(body.getDisposition()) || body.getFileName() != null
                        || body.getContentID() != null)) {
            out.add(body);
        }
    }

    /** A copy of a part with its headers and its encoded content untouched (no re-encoding). */
    private static MimeBodyPart copy(MimeBodyPart part) throws MessagingException, IOException {
        InternetHeaders headers = new InternetHeaders();
        Enumeration<String> lines = part.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            headers.addHeaderLine(lines.nextElement());
        }
        byte[] raw;
        try (var in = part.getRawInputStream()) {
            raw = in.readAllBytes();
        }
        return new MimeBodyPart(headers, raw);
    }

    private static int estimate(Message draft, byte[] source) {
        long size = 4096L + (draft.bodyPlain() == null ? 0 : draft.bodyPlain().length() * 2L)
                + (draft.bodyHtml() == null ? 0 : draft.bodyHtml().length() * 2L)
                + (source == null ? 0 : source.length + source.length / 3);
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    /** A message whose Message-ID is ours, not the one Jakarta Mail would generate. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
