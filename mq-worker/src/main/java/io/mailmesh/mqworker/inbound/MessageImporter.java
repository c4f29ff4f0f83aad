package io.mailmesh.mqworker.inbound;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.DiscussionStore;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.RecordTooLargeException;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Participant;
import io.mailmesh.mqworker.support.StripedLocks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stores an inbound message once and counts it in its discussion once.
 *
 * <p>De-duplication: the message id is derived from (user, external id), so two imports of the same mail address
 * the same record and can never make two messages. Imports of one id are serialised inside this process by a
 * striped lock. The message is first written with a {@link #PENDING} tag; the import that removes the tag by
 * compare-and-set is the one that counts it in the discussion (also by compare-and-set). A crash between the two
 * writes leaves the tag, and the next import of the same mail completes the count. A re-import of an imported
 * message only records the extra identity.
 */
@Singleton
public final class MessageImporter {
    /** Tag of a message stored but not yet counted in its discussion. */
    static final String PENDING = "mailmesh:uncounted";
    /** Tag of a message imported with parse warnings; each warning adds a {@code parse_warning: …} tag. */
    public static final String PARSE_WARNING = "parse_warning";
    static final int MAX_WARNING_TAGS = 10;
    static final int EXCERPT_LENGTH = 200;
    static final int BODY_LIMIT = 200_000;

    private final MessageStore messages;
    private final DiscussionStore discussions;
    private final RawMessageStore rawMessages;
    private final StripedLocks messageLocks = new StripedLocks(256);
    private final StripedLocks discussionLocks = new StripedLocks(256);

    @Inject
    MessageImporter(MessageStore messages, DiscussionStore discussions, RawMessageStore rawMessages) {
        this.messages = messages;
        this.discussions = discussions;
        this.rawMessages = rawMessages;
    }

    /** Imports {@code inbound} for {@code owner} from raw message {@code rawMessageId}. */
    ImportResult importMessage(Owner owner, String rawMessageId, InboundMessage inbound) {
        String userId = owner.userId();
        ImportResult result = messageLocks.withLock(userId + "/" + inbound.messageId(), () -> {
            Optional<Message> existing = find(userId, inbound.messageId());
            if (existing.isPresent()) {
                Message known = existing.get();
                if (known.tags().contains(PENDING)) {
                    count(known);
                }
                if (!known.identityIds().contains(owner.identity().id())) {
                    messages.updateMessage(userId, known.id(), m -> withIdentity(m, owner.identity().id()));
                }
                return new ImportResult(known.id(), known.discussionId(), true);
            }
            ensureDiscussion(userId, inbound.discussionId(), inbound.participants());
            Message stored = store(toMessage(owner, rawMessageId, inbound));
            count(stored);
            return new ImportResult(stored.id(), stored.discussionId(), false);
        });
        try {
            rawMessages.markDelivered(rawMessageId);
        } catch (RecordNotFoundException e) {
            // bytes without metadata: nothing to mark
        }
        return result;
    }

    private Optional<Message> find(String userId, String messageId) {
        try {
            return Optional.of(messages.message(userId, messageId));
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        }
    }

    private void ensureDiscussion(String userId, String discussionId, List<Participant> participants) {
        discussionLocks.withLock(userId + "/" + discussionId, () -> {
            try {
                discussions.discussion(userId, discussionId);
            } catch (RecordNotFoundException e) {
                discussions.putDiscussion(new Discussion(discussionId, userId, participants, 0, null, null));
            }
            return null;
        });
    }

    private Message store(Message message) {
        int limit = BODY_LIMIT;
        Message candidate = message;
        for (int attempt = 0; ; attempt++) {
            try {
                return messages.putMessage(candidate);
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

    /** Counts {@code message} in its discussion if this call is the one that clears its pending tag. */
    private void count(Message message) {
        AtomicBoolean claimed = new AtomicBoolean();
        messages.updateMessage(message.userId(), message.id(), current -> {
            claimed.set(current.tags().contains(PENDING));
            return current.withTags(current.tags().stream().filter(t -> !t.equals(PENDING)).toList());
        });
        if (claimed.get()) {
            ensureDiscussion(message.userId(), message.discussionId(), message.participants());
            String excerpt = excerpt(message);
            discussions.updateDiscussion(message.userId(), message.discussionId(), d -> d
                    .withParticipants(merge(d.participants(), message.participants()))
                    .withMessage(message.date(), excerpt));
        }
    }

    private static Message toMessage(Owner owner, String rawMessageId, InboundMessage in) {
        List<String> tags = new ArrayList<>();
        tags.add(PENDING);
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

    static String excerpt(Message m) {
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
