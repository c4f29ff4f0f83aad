package io.mailmesh.smtpbridge.deliver;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.smtpbridge.SmtpBridgeSettings;
import io.mailmesh.smtpbridge.relay.RelayException;
import io.mailmesh.smtpbridge.relay.SmtpSender;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a draft: checks it, claims it, builds its MIME form, sends it through the identity's server, stores the
 * sent raw message and marks the message sent.
 *
 * <p>Exactly-once, as far as SMTP allows: a deliver claims the draft first with a compare-and-set "sending" marker
 * holding a lease ({@link DraftClaims}); a second deliver meanwhile waits briefly for the first to finish (then
 * answers "already sent") and otherwise answers {@code delivery_in_progress}. A deliver of a message that is no
 * longer a draft answers "already sent" and sends nothing. If the process dies after claiming, the draft stays
 * claimed until the lease ends, then the next deliver sends it. If it died after the relay took the message but
 * before the draft was marked sent, that later deliver sends it a second time, with the same Message-ID (it is
 * derived from the message id), so receiving systems that de-duplicate by Message-ID show it once: we prefer a
 * rare duplicate to a lost mail.
 */
@Singleton
public final class DeliverService {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverService.class);
    private static final Duration WAIT_FOR_OTHER = Duration.ofSeconds(5);
    private static final int STORE_ATTEMPTS = 3;

    private final MeshStore store;
    private final SmtpSender sender;
    private final SmtpBridgeSettings settings;
    private final OutboundGuard outbound;
    private final long maxRawBytes;
    private final MimeComposer composer = new MimeComposer();

    @Inject
    public DeliverService(MeshStore store, SmtpSender sender, SmtpBridgeSettings settings,
            StoreSettings storeSettings, OutboundGuard outbound) {
        this.store = store;
        this.sender = sender;
        this.settings = settings;
        this.outbound = outbound;
        this.maxRawBytes = storeSettings.maxRawMessageBytes();
    }

    /** Handles one deliver order; see the class comment. */
    public Reply deliver(MessageOrder order) throws Exception {
        String messageId = order.messageId();
        String userId = order.userId();
        requireId("message_id", messageId);
        requireId("user_id", userId);
        requireId("remote_id", order.remoteId());
        Message message = loadMessage(userId, messageId);
        if (!message.draft()) {
            return notDraft(message);
        }
        Identity identity = loadIdentity(order.remoteId(), userId);
        SendRoute route = SendRoute.of(identity, settings.relay(), store.identities(), outbound);
        String token = Ids.newId();
        Message claimed = claim(userId, messageId, token);
        if (claimed == null) {
            return alreadySent(messageId);
        }
        boolean sent = false;
        try {
            ComposedMail mail = compose(claimed, identity);
            send(route, mail);
            sent = true;
            markSent(claimed, identity, mail);
            LOG.info("message {} of user {} sent through {} as {}", messageId, userId, route.target().address(),
                    mail.messageId());
            return Reply.ok("message " + messageId + " has been sent.");
        } finally {
            if (!sent) {
                release(userId, messageId, token);
            }
        }
    }

    private static void requireId(String key, String value) throws OrderFailedException {
        if (!Ids.isValid(value)) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, key + " is not a valid id");
        }
    }

    private Message loadMessage(String userId, String messageId) throws OrderFailedException {
        try {
            return store.messages().message(userId, messageId);
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.MESSAGE_NOT_FOUND,
                    "message " + messageId + " of user " + userId + " does not exist");
        }
    }

    private static Reply notDraft(Message message) throws OrderFailedException {
        if (message.received()) {
            throw OrderFailedException.rejected(ErrorCode.NOT_A_DRAFT,
                    "message " + message.id() + " of user " + message.userId() + " is not a draft");
        }
        return alreadySent(message.id());
    }

    private static Reply alreadySent(String messageId) {
        return Reply.ok("message " + messageId + " has already been sent.");
    }

    private Identity loadIdentity(String identityId, String userId) throws OrderFailedException {
        Identity identity = UserIdentities.load(store.identities(), identityId, userId);
        if (identity.protocol() == Protocol.TWITTER) {
            throw OrderFailedException.rejected(ErrorCode.IDENTITY_NOT_EMAIL,
                    "identity " + identityId + " is a Twitter identity, it cannot send e-mail");
        }
        return identity;
    }

    /**
     * Claims the draft for this deliver. Returns the claimed draft, or null when it turned out to be sent already.
     */
    private Message claim(String userId, String messageId, String token) throws OrderFailedException {
        Instant deadline = Instant.now().plus(WAIT_FOR_OTHER);
        while (true) {
            Outcome outcome = tryClaim(userId, messageId, token);
            if (outcome.claimed != null) {
                return outcome.claimed;
            }
            if (outcome.sent) {
                return null;
            }
            if (Instant.now().isAfter(deadline)) {
                throw OrderFailedException.unavailable(ErrorCode.DELIVERY_IN_PROGRESS,
                        "message " + messageId + " is being sent by another deliver; ask again later", null);
            }
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw OrderFailedException.unavailable(ErrorCode.DELIVERY_IN_PROGRESS,
                        "message " + messageId + " is being sent by another deliver", null);
            }
        }
    }

    private Outcome tryClaim(String userId, String messageId, String token) throws OrderFailedException {
        Instant now = Instant.now();
        try {
            Message claimed = store.messages().updateMessage(userId, messageId, current -> {
                if (!current.draft()) {
                    throw new NotADraft(current.received());
                }
                DraftClaims.claimOf(current).filter(c -> c.activeAt(now) && !c.token().equals(token))
                        .ifPresent(c -> {
                            throw new ClaimHeld();
                        });
                return DraftClaims.withClaim(current, token, now.plus(settings.claimLease()));
            });
            return new Outcome(claimed, false);
        } catch (NotADraft e) {
            if (e.received) {
                throw OrderFailedException.rejected(ErrorCode.NOT_A_DRAFT,
                        "message " + messageId + " of user " + userId + " is not a draft");
            }
            return new Outcome(null, true);
        } catch (ClaimHeld e) {
            return new Outcome(null, false);
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.MESSAGE_NOT_FOUND,
                    "message " + messageId + " of user " + userId + " does not exist");
        }
    }

    private void release(String userId, String messageId, String token) {
        try {
            store.messages().updateMessage(userId, messageId, current -> DraftClaims.claimOf(current)
                    .filter(c -> c.token().equals(token)).map(c -> DraftClaims.withoutClaim(current))
                    .orElse(current));
        } catch (RuntimeException e) {
            LOG.warn("could not release the claim on message {} (it frees itself when its lease ends): {}",
                    messageId, e.toString());
        }
    }

    private ComposedMail compose(Message draft, Identity identity) throws Exception {
        byte[] attachmentSource = null;
        if (!draft.attachments().isEmpty() && draft.rawMessageId() != null) {
            try {
                attachmentSource = store.rawMessages().rawMessageBytes(draft.rawMessageId());
            } catch (RecordNotFoundException e) {
                throw OrderFailedException.rejected(ErrorCode.ATTACHMENT_MISSING, "the raw message holding the "
                        + "attachments of message " + draft.id() + " does not exist");
            }
        }
        String header = "<" + draft.id() + "@" + settings.primaryHost() + ">";
        ComposedMail mail = composer.compose(draft, identity, header, Instant.now(), attachmentSource);
        if (mail.bytes().length > maxRawBytes) {
            throw OrderFailedException.rejected(ErrorCode.MESSAGE_TOO_LARGE, "message " + draft.id() + " is "
                    + mail.bytes().length + " bytes, more than the " + maxRawBytes + " bytes allowed");
        }
        return mail;
    }

    private void send(SendRoute route, ComposedMail mail) throws Exception {
        try {
            sender.send(route.target(), composer.parse(mail.bytes()), mail.envelope(), route.pooled());
        } catch (RelayException e) {
            switch (e.kind()) {
                case REFUSED -> throw OrderFailedException.rejected(ErrorCode.RELAY_REJECTED, e.getMessage());
                case AUTH_FAILED -> throw OrderFailedException.rejected(ErrorCode.RELAY_AUTH_FAILED, e.getMessage());
                default -> throw OrderFailedException.unavailable(ErrorCode.RELAY_UNAVAILABLE,
                        e.getMessage() + "; the message stays a draft", null);
            }
        }
    }

    /** Stores the sent raw message and marks the draft sent; retried a little, as the mail has left already. */
    private void markSent(Message claimed, Identity identity, ComposedMail mail) {
        String rawId = Ids.newId();
        String storedRawId = null;
        for (int attempt = 1; attempt <= STORE_ATTEMPTS && storedRawId == null; attempt++) {
            try {
                store.rawMessages().putRawMessage(new RawMessage(rawId, 0, true, null), mail.bytes());
                storedRawId = rawId;
            } catch (StoreException e) {
                LOG.warn("message {} was sent but its raw copy could not be stored (attempt {}): {}",
                        claimed.id(), attempt, e.toString());
                pause(attempt);
            }
        }
        Instant date = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String rawMessageId = storedRawId;
        for (int attempt = 1; ; attempt++) {
            try {
                store.messages().updateMessage(claimed.userId(), claimed.id(),
                        current -> sent(current, identity, mail.messageId(), rawMessageId, date));
                return;
            } catch (StoreException e) {
                if (attempt >= STORE_ATTEMPTS) {
                    LOG.error("message {} was sent as {} but could not be marked sent; it stays claimed until its "
                            + "lease ends", claimed.id(), mail.messageId());
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private static Message sent(Message current, Identity identity, String messageIdHeader, String rawId,
            Instant date) {
        Message m = DraftClaims.withoutClaim(current).withDraft(false).withDate(date);
        ExternalReferences refs = current.externalRefs();
        List<String> identityIds = new ArrayList<>(m.identityIds());
        if (!identityIds.contains(identity.id())) {
            identityIds.add(identity.id());
        }
        return new Message(m.id(), m.userId(), m.discussionId(), false, false, m.unread(), m.answered(),
                m.participants(), m.subject(), m.bodyPlain(), m.bodyHtml(), date,
                new ExternalReferences(messageIdHeader, refs.inReplyTo(), refs.references(), refs.dmId()),
                rawId == null ? m.rawMessageId() : rawId, identityIds, m.tags(), m.attachments());
    }

    private static void pause(int attempt) {
        LockSupport.parkNanos(Duration.ofMillis(100L * attempt).toNanos());
    }

    private record Outcome(Message claimed, boolean sent) {
    }

    /** Thrown out of a compare-and-set change: the message is no longer a draft. */
    private static final class NotADraft extends RuntimeException {
        final boolean received;

        NotADraft(boolean received) {
            super(null, null, false, false);
            this.received = received;
        }
    }

    /** Thrown out of a compare-and-set change: another deliver holds an active claim. */
    private static final class ClaimHeld extends RuntimeException {
        ClaimHeld() {
            super(null, null, false, false);
        }
    }
}
