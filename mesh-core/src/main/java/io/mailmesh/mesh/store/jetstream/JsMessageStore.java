package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.Page;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Messages: bucket {@code messages} (key {@code <userId>.<messageId>}); lookups in {@code message_index}:
 * {@code d.<userId>.<discussionId>.<newestFirst>.<messageId>} (listing; the 19-digit inverted timestamp makes
 * lexical order newest first), {@code x.<userId>.<sha256(Message-ID)>} → message id (only for a message not stored
 * under {@link MessageStore#idForExternalId its id for its Message-ID}), and {@code n.<userId>.<messageId>},
 * the mark of a message counted in its discussion ({@link #markCounted}). Listings and lookups are checked against
 * the message, so an index entry left by a crash is skipped.
 */
final class JsMessageStore implements MessageStore {
    private static final byte[] COUNTED = {'1'};

    private final Records<Message> messages;
    private final Kv index;

    JsMessageStore(Records<Message> messages, Kv index) {
        this.messages = messages;
        this.index = index;
    }

    @Override
    public Message putMessage(Message message) {
        String key = validate(message);
        Message old = messages.find(key).map(Versioned::value).orElse(null);
        addIndexes(old, message);
        messages.put(key, message);
        dropStaleIndexes(old, message);
        return message;
    }

    @Override
    public Optional<Versioned<Message>> createMessage(Message message) {
        String key = validate(message);
        addIndexes(null, message);
        return messages.create(key, message);
    }

    @Override
    public Message message(String userId, String messageId) {
        return versionedMessage(userId, messageId).value();
    }

    @Override
    public Versioned<Message> versionedMessage(String userId, String messageId) {
        return messages.get(key(userId, messageId));
    }

    @Override
    public Message updateMessage(String userId, String messageId, UnaryOperator<Message> change) {
        return messages.update(key(userId, messageId), null, checked(change), this::addIndexes,
                this::dropStaleIndexes).value();
    }

    @Override
    public Versioned<Message> updateMessage(Versioned<Message> known, UnaryOperator<Message> change) {
        Message m = known.value();
        return messages.update(key(m.userId(), m.id()), known, checked(change), this::addIndexes,
                this::dropStaleIndexes);
    }

    private static UnaryOperator<Message> checked(UnaryOperator<Message> change) {
        return current -> {
            Message next = change.apply(current);
            validate(next);
            if (!Objects.equals(next.id(), current.id()) || !Objects.equals(next.userId(), current.userId())) {
                throw new IllegalArgumentException("an update cannot change a message's id or user");
            }
            return next;
        };
    }

    @Override
    public Message updateDraft(String userId, String messageId, UnaryOperator<Message> change) {
        return updateMessage(userId, messageId, current -> {
            if (!current.draft()) {
                throw new IllegalStateException("message " + messageId + " is not a draft");
            }
            return change.apply(current);
        });
    }

    @Override
    public void deleteMessage(String userId, String messageId) {
        String key = key(userId, messageId);
        Optional<Message> old = messages.find(key).map(Versioned::value);
        messages.delete(key);
        index.delete(countedKey(key));
        old.ifPresent(o -> {
            index.delete(discussionKey(o));
            externalKey(o).ifPresent(x -> index.deleteIfHolds(x, o.id()));
        });
    }

    @Override
    public boolean markCounted(String userId, String messageId) {
        return index.create(countedKey(key(userId, messageId)), COUNTED);
    }

    @Override
    public Optional<Message> messageByExternalId(String userId, String externalMessageId) {
        String user = Keys.id("user", userId);
        String wanted = Keys.normalizeExternalId(externalMessageId);
        java.util.function.Predicate<Message> hasIt = m -> m.externalRefs().messageId() != null
                && Keys.normalizeExternalId(m.externalRefs().messageId()).equals(wanted);
        Optional<Message> imported = messages.find(user + "." + MessageStore.idForExternalId(userId, externalMessageId))
                .map(Versioned::value).filter(hasIt);
        if (imported.isPresent()) {
            return imported;
        }
        return index.getString("x." + user + "." + Keys.externalId(externalMessageId))
                .flatMap(id -> messages.find(user + "." + id).map(Versioned::value))
                .filter(hasIt);
    }

    @Override
    public Page<Message> messagesOfDiscussion(String userId, String discussionId, String cursor, int limit) {
        String filter = "d." + Keys.id("user", userId) + "." + Keys.id("discussion", discussionId) + ".*.*";
        return page(userId, filter, cursor, limit, m -> discussionId.equals(m.discussionId()));
    }

    @Override
    public Page<Message> messagesOf(String userId, String cursor, int limit) {
        return page(userId, "d." + Keys.id("user", userId) + ".*.*.*", cursor, limit, m -> true);
    }

    private Page<Message> page(String userId, String filter, String cursor, int limit,
            java.util.function.Predicate<Message> belongs) {
        String after = Cursors.decode(cursor);
        Cursors.requireLimit(limit);
        List<String> sortKeys = new ArrayList<>();
        for (String key : index.keys(filter)) {
            String sortKey = sortKey(key);
            if (sortKey.compareTo(after) > 0) {
                sortKeys.add(sortKey);
            }
        }
        sortKeys.sort(null);
        List<Message> items = new ArrayList<>(Math.min(limit, sortKeys.size()));
        int consumed = 0;
        while (consumed < sortKeys.size() && items.size() < limit) {
            String sortKey = sortKeys.get(consumed++);
            String messageId = sortKey.substring(sortKey.indexOf('.') + 1);
            messages.find(userId + "." + messageId).map(Versioned::value)
                    .filter(m -> belongs.test(m) && sortKey.equals(sortKey(discussionKey(m))))
                    .ifPresent(items::add);
        }
        String next = consumed < sortKeys.size() ? Cursors.encode(sortKeys.get(consumed - 1)) : null;
        return new Page<>(items, next);
    }

    /** The last two tokens of a listing key: {@code <newestFirst>.<messageId>}. */
    private static String sortKey(String indexKey) {
        int last = indexKey.lastIndexOf('.');
        return indexKey.substring(indexKey.lastIndexOf('.', last - 1) + 1);
    }

    /**
     * Writes the index entries {@code next} needs before the record itself is written, so a record that exists always
     * has its entries, even after a crash between the two writes. An entry whose record never landed is harmless:
     * lookups and listings check each entry against its record.
     */
    private void addIndexes(Message old, Message next) {
        byte[] id = next.id().getBytes(StandardCharsets.UTF_8);
        java.util.Map<String, byte[]> entries = new java.util.HashMap<>(4);
        String listing = discussionKey(next);
        if (old == null || !discussionKey(old).equals(listing)) {
            entries.put(listing, id);
        }
        Optional<String> external = externalKey(next);
        if (external.isPresent() && (old == null || !externalKey(old).equals(external))) {
            entries.put(external.get(), id);
        }
        if (!entries.isEmpty()) {
            index.putAll(entries);
        }
    }

    /** Removes the entries of {@code old} that {@code next} no longer has, once {@code next} is written. */
    private void dropStaleIndexes(Message old, Message next) {
        if (old == null) {
            return;
        }
        if (!discussionKey(old).equals(discussionKey(next))) {
            index.delete(discussionKey(old));
        }
        Optional<String> oldExternal = externalKey(old);
        if (oldExternal.isPresent() && !oldExternal.equals(externalKey(next))) {
            index.deleteIfHolds(oldExternal.get(), old.id());
        }
    }

    private static String discussionKey(Message m) {
        return "d." + m.userId() + "." + m.discussionId() + "." + Keys.newestFirst(m.date()) + "." + m.id();
    }

    /**
     * The lookup entry of {@code m}'s Message-ID, if it needs one: a message stored under its
     * {@link MessageStore#idForExternalId id for its Message-ID} (an imported one) is found without.
     */
    private static Optional<String> externalKey(Message m) {
        String messageId = m.externalRefs().messageId();
        if (messageId == null || Keys.normalizeExternalId(messageId).isEmpty()
                || m.id().equals(MessageStore.idForExternalId(m.userId(), messageId))) {
            return Optional.empty();
        }
        return Optional.of("x." + m.userId() + "." + Keys.externalId(messageId));
    }

    private static String countedKey(String messageKey) {
        return "n." + messageKey;
    }

    private static String validate(Message m) {
        Keys.id("discussion", m.discussionId());
        return key(m.userId(), m.id());
    }

    private static String key(String userId, String messageId) {
        return Keys.id("user", userId) + "." + Keys.id("message", messageId);
    }
}
