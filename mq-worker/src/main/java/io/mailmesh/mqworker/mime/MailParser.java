package io.mailmesh.mqworker.mime;

import io.mailmesh.mesh.store.model.AttachmentInfo;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a raw RFC 5322 message with Jakarta Mail, leniently: charsets (declared, unknown or missing), RFC 2047
 * encoded headers, raw UTF-8 headers, multipart/alternative and nested multiparts, attachment metadata. Whatever
 * cannot be read (a broken multipart, an undecodable body, a malformed address list) is skipped or read as well as
 * possible and reported in {@link ParsedMail#warnings()}; only bytes without any header are refused. Thread-safe.
 */
public final class MailParser {
    private static final int MAX_DEPTH = 32;
    private static final Pattern HEADER_LINE = Pattern.compile("^[!-9;-~]+[ \\t]*:");
    private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final Pattern LOOSE_ADDRESS = Pattern.compile("[^\\s<>,;:\"()\\[\\]]+@[^\\s<>,;:\"()\\[\\]]+");
    private static final Session SESSION;

    /**
     * Jakarta Mail looks its stream provider up on every header block, body part and decoded stream; without this
     * property each lookup is a ServiceLoader scan of every jar on the class path (a third of the parse's CPU and
     * most of its garbage). Angus Mail is the only provider this worker ships.
     */
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        if (System.getProperty("mail.mime.decodetext.strict") == null) {
            System.setProperty("mail.mime.decodetext.strict", "false");
        }
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        props.setProperty("mail.mime.multipart.allowempty", "true");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.decodefilename", "true");
        SESSION = Session.getInstance(props);
    }

    /**
     * Parses {@code raw}.
     *
     * @throws UnreadableMailException when the bytes are empty or do not start with a header
     */
    public ParsedMail parse(byte[] raw) throws UnreadableMailException {
        requireHeader(raw);
        List<String> warnings = new ArrayList<>();
        MimeMessage message;
        try {
            message = new MimeMessage(SESSION, new SharedByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new UnreadableMailException("the raw message cannot be read as RFC 5322: " + e.getMessage());
        }
        String messageId = firstId(header(message, "Message-ID", warnings));
        String inReplyTo = firstId(header(message, "In-Reply-To", warnings));
        List<String> references = ids(header(message, "References", warnings));
        String[] list = listId(header(message, "List-ID", warnings));
        String subject = subject(message, warnings);
        Instant date = date(message, warnings);
        List<MailAddress> from = addresses(message, "From", warnings);
        List<MailAddress> to = addresses(message, "To", warnings);
        List<MailAddress> cc = addresses(message, "Cc", warnings);
        List<MailAddress> replyTo = addresses(message, "Reply-To", warnings);
        Body body = new Body();
        walk(message, body, 0, warnings);
        return new ParsedMail(messageId, inReplyTo, references, list[0], list[1], subject, date, from, to, cc,
                replyTo, body.plain(), body.html(), body.attachments, warnings);
    }

    private static void requireHeader(byte[] raw) throws UnreadableMailException {
        if (raw == null || raw.length == 0) {
            throw new UnreadableMailException("the raw message is empty");
        }
        int end = 0;
        while (end < raw.length && end < 1000 && raw[end] != '\n' && raw[end] != '\r') {
            end++;
        }
        String first = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
        if (!HEADER_LINE.matcher(first).find()) {
            throw new UnreadableMailException("the raw message has no header");
        }
    }

    private static String header(MimeMessage message, String name, List<String> warnings) {
        try {
            String value = message.getHeader(name, " ");
            return value == null || value.isBlank() ? null : MimeUtility.unfold(value).trim();
        } catch (MessagingException e) {
            warnings.add("unreadable " + name + " header");
            return null;
        }
    }

    static String firstId(String value) {
        List<String> all = ids(value);
        return all.isEmpty() ? null : all.get(0);
    }

    static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        Matcher m = ANGLE_ID.matcher(value);
        while (m.find()) {
            out.add(m.group(1));
        }
        if (out.isEmpty()) {
            for (String token : value.trim().split("[\\s,]+")) {
                if (!token.isBlank()) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    private static String[] listId(String value) {
        if (value == null) {
            return new String[] {null, null};
        }
        Matcher m = ANGLE_ID.matcher(value);
        String id;
        String name = null;
        if (m.find()) {
            id = m.group(1);
            String before = value.substring(0, m.start()).trim();
            if (before.length() >= 2 && before.startsWith("\"") && before.endsWith("\"")) {
                before = before.substring(1, before.length() - 1);
            }
            name = before.isBlank() ? null : decode(before);
        } else {
            id = value.trim();
        }
        return new String[] {id.toLowerCase(Locale.ROOT), name};
    }

    private static String subject(MimeMessage message, List<String> warnings) {
        try {
            String subject = message.getSubject();
            return subject == null ? null : subject.trim();
        } catch (MessagingException e) {
            warnings.add("unreadable Subject header");
            return null;
        }
    }

    private static Instant date(MimeMessage message, List<String> warnings) {
        try {
            Date sent = message.getSentDate();
            if (sent == null && message.getHeader("Date") != null) {
                warnings.add("unreadable Date header");
            }
            return sent == null ? null : sent.toInstant();
        } catch (MessagingException e) {
            warnings.add("unreadable Date header");
            return null;
        }
    }

    private static List<MailAddress> addresses(MimeMessage message, String name, List<String> warnings) {
        String value;
        try {
            value = message.getHeader(name, ",");
        } catch (MessagingException e) {
            warnings.add("unreadable " + name + " header");
            return List.of();
        }
        List<MailAddress> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        try {
            for (InternetAddress address : InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
                addAddress(out, address, warnings);
            }
        } catch (AddressException e) {
            warnings.add("malformed " + name + " header, addresses read loosely");
            Matcher m = LOOSE_ADDRESS.matcher(value);
            while (m.find()) {
                out.add(new MailAddress(m.group(), null));
            }
        }
        return out;
    }

    private static void addAddress(List<MailAddress> out, InternetAddress address, List<String> warnings)
            throws AddressException {
        if (address.isGroup()) {
            for (InternetAddress member : address.getGroup(false)) {
                addAddress(out, member, warnings);
            }
            return;
        }
        String value = address.getAddress();
        if (value != null && !value.isBlank()) {
            out.add(new MailAddress(value, address.getPersonal()));
        }
    }

    private static void walk(Part part, Body body, int depth, List<String> warnings) {
        if (depth > MAX_DEPTH) {
            warnings.add("MIME nesting deeper than " + MAX_DEPTH + " levels skipped");
            return;
        }
        ContentType type = contentType(part, warnings);
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        String fileName = fileName(part);
        boolean attachment = isAttachment(part) || fileName != null;
        if (base.startsWith("multipart/")) {
            walkMultipart(part, body, depth, warnings);
        } else if (!attachment && (base.equals("text/plain") || base.equals("text/html"))) {
            String text = text(part, type, warnings);
            if (base.equals("text/plain")) {
                body.appendPlain(text);
            } else {
                body.appendHtml(text);
            }
        } else {
            if (fileName == null && base.equals("message/rfc822")) {
                fileName = "message.eml";
            }
            body.attachments.add(new AttachmentInfo(fileName, base, decodedSize(part, warnings), contentId(part)));
        }
    }

    private static void walkMultipart(Part part, Body body, int depth, List<String> warnings) {
        Multipart multipart;
        int count;
        try {
            multipart = multipart(part);
            count = multipart.getCount();
        } catch (MessagingException | IOException | IndexOutOfBoundsException e) {
            // Jakarta Mail's header reader throws IndexOutOfBoundsException for a part whose header starts with a line
            // of blanks followed by a continuation line
            warnings.add("unreadable multipart (" + e.getMessage() + "), its body read as plain text");
            body.appendPlain(rawText(part));
            return;
        }
        if (multipart instanceof MimeMultipart mime) {
            try {
                if (!mime.isComplete()) {
                    warnings.add("multipart without its closing boundary");
                }
            } catch (MessagingException e) {
                warnings.add("multipart without its closing boundary");
            }
        }
        for (int i = 0; i < count; i++) {
            try {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, body, depth + 1, warnings);
            } catch (MessagingException e) {
                warnings.add("unreadable MIME part " + i + " (" + e.getMessage() + ")");
            }
        }
    }

    /** The multipart body of {@code part}, its parts found by {@link ScannedMultipart}. */
    private static Multipart multipart(Part part) throws MessagingException, IOException {
        if (part instanceof MimePart mime) {
            return new ScannedMultipart(new MimePartDataSource(mime));
        }
        if (part.getContent() instanceof Multipart m) {
            return m;
        }
        throw new MessagingException("not a multipart");
    }

    private static ContentType contentType(Part part, List<String> warnings) {
        String raw = null;
        try {
            raw = part.getContentType();
            return new ContentType(raw == null ? "text/plain" : raw);
        } catch (MessagingException e) {
            warnings.add("malformed Content-Type " + (raw == null ? "" : abbreviate(raw)) + ", read as text/plain");
            try {
                return new ContentType("text/plain");
            } catch (ParseException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static boolean isAttachment(Part part) {
        try {
            return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        } catch (MessagingException e) {
            return false;
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null || name.isBlank() ? null : decode(name);
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String contentId(Part part) {
        try {
            String[] ids = part.getHeader("Content-ID");
            return ids == null || ids.length == 0 ? null : firstId(ids[0]);
        } catch (MessagingException e) {
            return null;
        }
    }

    private static long decodedSize(Part part, List<String> warnings) {
        try (InputStream in = part.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (MessagingException | IOException e) {
            warnings.add("undecodable attachment body, size is the encoded size");
            try {
                return Math.max(0, part.getSize());
            } catch (MessagingException ignored) {
                return 0;
            }
        }
    }

    private static String text(Part part, ContentType type, List<String> warnings) {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (MessagingException | IOException e) {
            warnings.add("undecodable " + type.getBaseType() + " body (" + e.getMessage() + "), decoded leniently");
            bytes = lenientDecode(part);
        }
        return decodeCharset(bytes, type.getParameter("charset"), warnings);
    }

    private static byte[] lenientDecode(Part part) {
        byte[] raw = rawBytes(part);
        String encoding = null;
        try {
            String[] values = part.getHeader("Content-Transfer-Encoding");
            encoding = values == null || values.length == 0 ? null : values[0].trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException ignored) {
            // read as raw bytes
        }
        if ("base64".equals(encoding)) {
            String alphabet = new String(raw, StandardCharsets.US_ASCII).replaceAll("[^A-Za-z0-9+/]", "");
            alphabet = alphabet.substring(0, alphabet.length() - alphabet.length() % 4);
            try {
                return Base64.getDecoder().decode(alphabet);
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
        }
        return raw;
    }

    private static String rawText(Part part) {
        return decodeCharset(rawBytes(part), null, new ArrayList<>());
    }

    private static byte[] rawBytes(Part part) {
        try {
            InputStream in = part instanceof MimeMessage m ? m.getRawInputStream()
                    : part instanceof jakarta.mail.internet.MimeBodyPart b ? b.getRawInputStream()
                    : part.getInputStream();
            try (in) {
                return in.readAllBytes();
            }
        } catch (MessagingException | IOException e) {
            return new byte[0];
        }
    }

    static String decodeCharset(byte[] bytes, String declared, List<String> warnings) {
        if (declared != null && !declared.isBlank()) {
            try {
                Charset charset = Charset.forName(MimeUtility.javaCharset(declared.trim()));
                return new String(bytes, charset); // malformed input becomes U+FFFD, as a decoder's REPLACE does
            } catch (IllegalArgumentException e) {
                warnings.add("unknown charset " + abbreviate(declared) + ", read as UTF-8 or ISO-8859-1");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static String decode(String text) {
        try {
            return MimeUtility.decodeText(text);
        } catch (java.io.UnsupportedEncodingException e) {
            return text;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    /** Accumulates bodies and attachments while walking the part tree. */
    private static final class Body {
        private final Text plain = new Text();
        private final Text html = new Text();
        private final List<AttachmentInfo> attachments = new ArrayList<>();

        void appendPlain(String text) {
            plain.append(text);
        }

        void appendHtml(String text) {
            html.append(text);
        }

        String plain() {
            return plain.value();
        }

        String html() {
            return html.value();
        }
    }

    /** The texts of one kind joined by newlines; a single text (the usual case) is kept as it is, not copied. */
    private static final class Text {
        private String first;
        private StringBuilder joined;

        void append(String text) {
            if (first == null && joined == null) {
                first = text;
                return;
            }
            if (joined == null) {
                joined = new StringBuilder(first);
                first = null;
            }
            joined.append('\n').append(text);
        }

        String value() {
            return joined != null ? joined.toString() : first;
        }
    }
}
