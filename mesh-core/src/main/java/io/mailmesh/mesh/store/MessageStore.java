package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.Message;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Messages and drafts of users, with their lookups. */
public interface MessageStore {
    /**
     * Creates or replaces a message and its lookups (discussion listing, external Message-ID).
     *
     * @throws RecordTooLargeException if its JSON form exceeds one key-value entry
     */
    Message putMessage(Message message);

    /**
     * Creates a message and its lookups only if no message of that user has its id (compare-and-set on the
     * absent key, so of concurrent creators in any number of processes exactly one wins).
     *
     * @return the stored message with its revision, or empty if the id exists (nothing is written)
     * @throws RecordTooLargeException if its JSON form exceeds one key-value entry
     */
    Optional<Versioned<Message>> createMessage(Message message);

    /** @throws RecordNotFoundException if absent */
    Message message(String userId, String messageId);

    /** The message with its revision. @throws RecordNotFoundException if absent */
    Versioned<Message> versionedMessage(String userId, String messageId);

    /**
     * Compare-and-set update of a message (flags, tags...): re-reads and retries on conflict; {@code change} may
     * run more than once. Id and user cannot change.
     */
    Message updateMessage(String userId, String messageId, UnaryOperator<Message> change);

    /**
     * Compare-and-set update like {@link #updateMessage(String, String, UnaryOperator)} starting from a version
     * read or written earlier: when nobody wrote since, the update costs one write and no read.
     *
     * @return the message as written, with its new revision
     */
    Versioned<Message> updateMessage(Versioned<Message> known, UnaryOperator<Message> change);

    /**
     * Compare-and-set update of a draft, like {@link #updateMessage}.
     *
     * @throws IllegalStateException if the message is not a draft
     */
    Message updateDraft(String userId, String messageId, UnaryOperator<Message> change);

    /** Deletes a message and its lookups; a no-op if absent. */
    void deleteMessage(String userId, String messageId);

    /**
     * Records, once, that a message was counted in its discussion: true for the first caller only, false ever after
     * (until the message is deleted). A create-if-absent of a small mark beside the message, so an importer can make
     * its count happen once across retries and processes without rewriting the message.
     */
    boolean markCounted(String userId, String messageId);

    /**
     * The user's message with this external RFC 5322 Message-ID (as written, with or without angle brackets): the
     * message stored under {@link #idForExternalId its id for that Message-ID}, else the one a lookup entry names.
     */
    Optional<Message> messageByExternalId(String userId, String externalMessageId);

    /**
     * The id an imported message takes from its Message-ID (with or without angle brackets): {@code "e"} and the
     * sha256 hex of the user id and the Message-ID, so every import of one mail for a user addresses one record. A
     * message stored under this id is found by {@link #messageByExternalId} without a lookup entry; a message with
     * another id (a sent draft) gets one.
     */
    static String idForExternalId(String userId, String externalMessageId) {
        String normalized = externalMessageId.trim();
        if (normalized.length() >= 2 && normalized.startsWith("<") && normalized.endsWith(">")) {
            normalized = normalized.substring(1, normalized.length() - 1).trim();
        }
        try {
            return "e" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((userId + "\n" + normalized).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Messages of one discussion, newest first (undated last; ties by id).
     *
     * @param cursor null for the first page, else {@link Page#nextCursor()} of the previous page
     * @param limit  page size, 1-1000
     * @throws IllegalArgumentException for a malformed cursor
     */
    Page<Message> messagesOfDiscussion(String userId, String discussionId, String cursor, int limit);

    /** All messages of a user, newest first, paged like {@link #messagesOfDiscussion}. */
    Page<Message> messagesOf(String userId, String cursor, int limit);
}
