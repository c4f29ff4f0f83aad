package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.RecordTooLargeException;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mqworker.support.StripedLocks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores an inbound message once and counts it in its discussion once, across any number of worker processes.
 *
 * <p>De-duplication: the message id is derived from (user, external id), so two imports of the same mail address
 * the same record, and the message is written with create-if-absent: of concurrent imports, in this process or
 * another, exactly one creates it; the others take the re-import path. Counting: the import that wins the
 * message's counted mark ({@link MessageStore#markCounted}, a create-if-absent of a small key) counts it in the
 * discussion (by compare-and-set, see {@link DiscussionCounter}). Every import, a re-import included, tries the
 * mark, so a crash between storing the message and marking it is completed by the next import of the same mail;
 * a crash between the mark and the count loses that one count. A re-import also records the extra identity.
 * Imports of one id are also serialised inside this process by a striped lock.
 */
@Singleton
public final class MessageImporter {
    /** Tag of a message imported with parse warnings; each warning adds a {@code parse_warning: …} tag. */
    public static final String PARSE_WARNING = "parse_warning";
    static final int MAX_WARNING_TAGS = 10;
    static final int EXCERPT_LENGTH = 200;
    static final int BODY_LIMIT = 200_000;
    private static final int MAX_ATTEMPTS = 5;

    private final MessageStore messages;
    private final DiscussionCounter counter;
    private final StripedLocks messageLocks = new StripedLocks(256);

    @Inject
    MessageImporter(MessageStore messages, DiscussionCounter counter) {
        this.messages = messages;
        this.counter = counter;
    }

    /** Imports {@code inbound} for {@code owner} from raw message {@code rawMessageId}. */
    ImportResult importMessage(Owner owner, String rawMessageId, InboundMessage inbound) {
        String userId = owner.userId();
        String identityId = owner.identity().id();
        ImportResult result = messageLocks.withLock(userId + "/" + inbound.messageId(), () -> {
            for (int attempt = 1; ; attempt++) {
                Optional<Versioned<Message>> created = create(toMessage(owner, rawMessageId, inbound));
                if (created.isPresent()) {
                    Message stored = created.get().value();
                    countOnce(stored);
                    return new ImportResult(stored.id(), stored.discussionId(), false);
                }
                Versioned<Message> known;
                try {
                    known = messages.versionedMessage(userId, inbound.messageId());
                } catch (RecordNotFoundException e) {
                    if (attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    continue; // deleted since the create lost: create it again
                }
                Message message = known.value();
                if (!message.identityIds().contains(identityId)) {
                    message = messages.updateMessage(known, current -> withIdentity(current, identityId)).value();
                }
                countOnce(message);
                return new ImportResult(message.id(), message.discussionId(), true);
            }
        });
        return result;
    }

    private Optional<Versioned<Message>> create(Message message) {
        int limit = BODY_LIMIT;
        Message candidate = message;
        for (int attempt = 0; ; attempt++) {
            try {
                return messages.createMessage(candidate);
            } catch (RecordTooLargeException e) {
                if (attempt == 3) {
                    throw e;
                }
                limit /= 4;
                List<String> tags = new ArrayList<>(message.tags());
                tags.add(PARSE_WARNING + ": body truncated to " + limit + " characters to fit the store");
                candidate = message.withContent(message.subject(), truncate(message.bodyPlain(), limit),
                        truncate(message.bodyHtml(), limit)).withTags(tags);
            }
        }
    }

    /** Counts {@code message} in its discussion if no import did yet. */
    private void countOnce(Message message) {
        if (messages.markCounted(message.userId(), message.id())) {
            counter.count(message, excerpt(message));
        }
    }

    private static Message toMessage(Owner owner, String rawMessageId, InboundMessage in) {
        List<String> tags = new ArrayList<>();
        if (!in.warnings().isEmpty()) {
            tags.add(PARSE_WARNING);
            in.warnings().stream().distinct().limit(MAX_WARNING_TAGS).forEach(w -> tags.add(PARSE_WARNING + ": " + w));
        }
        List<String> bodyWarnings = new ArrayList<>();
        String plain = in.bodyPlain();
        String html = in.bodyHtml();
        if ((plain != null && plain.length() > BODY_LIMIT) || (html != null && html.length() > BODY_LIMIT)) {
            bodyWarnings.add(PARSE_WARNING + ": body truncated to " + BODY_LIMIT + " characters");
            plain = truncate(plain, BODY_LIMIT);
            html = truncate(html, BODY_LIMIT);
        }
        tags.addAll(bodyWarnings);
        Instant date = in.date() != null ? in.date() : Instant.now();
        return new Message(in.messageId(), owner.userId(), in.discussionId(), false, in.received(), in.received(),
                false, in.participants(), in.subject(), plain, html, date, in.refs(), rawMessageId,
                List.of(owner.identity().id()), tags, in.attachments());
    }

    private static Message withIdentity(Message m, String identityId) {
        if (m.identityIds().contains(identityId)) {
            return m;
        }
        List<String> ids = new ArrayList<>(m.identityIds());
        ids.add(identityId);
        return new Message(m.id(), m.userId(), m.discussionId(), m.draft(), m.received(), m.unread(), m.answered(),
                m.participants(), m.subject(), m.bodyPlain(), m.bodyHtml(), m.date(), m.externalRefs(),
                m.rawMessageId(), ids, m.tags(), m.attachments());
    }

    static List<Participant> merge(List<Participant> current, List<Participant> added) {
        Map<String, Participant> byAddress = new LinkedHashMap<>();
        for (Participant p : current) {
            byAddress.putIfAbsent(p.protocol() + " " + p.address(), p);
        }
        for (Participant p : added) {
            byAddress.putIfAbsent(p.protocol() + " " + p.address(), p);
        }
        return List.copyOf(byAddress.values());
    }

    /**
     * The first {@link #EXCERPT_LENGTH} characters of the body with whitespace runs collapsed (the plain body, else
     * the HTML one without tags, else the subject), with "…" when cut.
     */
    static String excerpt(Message m) {
        String plain = m.bodyPlain();
        if (plain != null && !plain.isBlank()) {
            String prefix = collapsedPrefix(plain);
            if (prefix != null) {
                return prefix;
            }
        }
        return fullExcerpt(m);
    }

    /**
     * The excerpt of a long text read only as far as needed (the whole body is never collapsed), or null when the
     * text is too short to be cut, which {@link #fullExcerpt} then handles.
     */
    private static String collapsedPrefix(String text) {
        StringBuilder out = new StringBuilder(EXCERPT_LENGTH + 2);
        int i = 0;
        while (i < text.length() && text.charAt(i) <= ' ') {
            i++; // as String.trim() would at the start
        }
        boolean space = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                space = true; // a run of regex \s becomes one space
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
            if (out.length() > EXCERPT_LENGTH && c > ' ') {
                // a character trim() keeps lies past the cut: the collapsed text is longer than an excerpt
                return out.substring(0, EXCERPT_LENGTH) + "…";
            }
        }
        return null;
    }

    private static String fullExcerpt(Message m) {
        String text = m.bodyPlain() != null && !m.bodyPlain().isBlank() ? m.bodyPlain()
                : m.bodyHtml() != null ? m.bodyHtml().replaceAll("(?s)<(style|script)[^>]*>.*?</\\1>", " ")
                        .replaceAll("<[^>]*>", " ").replace("&nbsp;", " ") : "";
        String collapsed = text.replaceAll("\\s+", " ").trim();
        if (collapsed.isEmpty() && m.subject() != null) {
            collapsed = m.subject();
        }
        return collapsed.length() <= EXCERPT_LENGTH ? collapsed : collapsed.substring(0, EXCERPT_LENGTH) + "…";
    }

    private static String truncate(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit);
    }
}
