package io.mailmesh.twitterbridge.deliver;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.mesh.store.InvalidIdException;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.orders.Keys;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.twitterbridge.account.AccountRegistry;
import io.mailmesh.twitterbridge.account.DmEvent;
import io.mailmesh.twitterbridge.account.FailurePolicy;
import io.mailmesh.twitterbridge.account.RawDms;
import io.mailmesh.twitterbridge.account.TwitterAccount;
import io.mailmesh.twitterbridge.account.TwitterIdentities;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.TwitterException;

/**
 * {@code deliver} on twitter_dm: sends a draft as a direct message. The recipient's screen name is resolved to a
 * user id, the DM sent, the sent event stored as a raw message and the draft marked sent with compare-and-set.
 * Idempotent: a message that is no longer a draft answers "already sent"; concurrent delivers of one draft are
 * serialised in this instance and fenced by a lease on the draft across instances, so the DM is sent once.
 */
public final class DeliverHandler implements OrderHandler<MessageOrder> {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverHandler.class);
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final int STRIPES = 64;

    private final TwitterIdentities twitterIdentities;
    private final MessageStore messages;
    private final AccountRegistry registry;
    private final FailurePolicy failures;
    private final RawDms rawDms;
    private final Clock clock;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    @Inject
    public DeliverHandler(TwitterIdentities twitterIdentities, MessageStore messages, AccountRegistry registry,
                          FailurePolicy failures, RawDms rawDms, Clock clock) {
        this.twitterIdentities = twitterIdentities;
        this.messages = messages;
        this.registry = registry;
        this.failures = failures;
        this.rawDms = rawDms;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public Reply handle(MessageOrder order, OrderContext context) throws Exception {
        Identity identity = twitterIdentities.loadActive(order.remoteId(), order.userId());
        if (!load(order).draft()) {
            return alreadySent(order);
        }
        ReentrantLock lock = stripes[Math.floorMod((order.userId() + "/" + order.messageId()).hashCode(), STRIPES)];
        lock.lockInterruptibly();
        try {
            Message draft = load(order);
            if (!draft.draft()) {
                return alreadySent(order);
            }
            if (!draft.identityIds().isEmpty() && !draft.identityIds().contains(identity.id())) {
                throw OrderFailedException.rejected(ErrorCode.DRAFT_IDENTITY_MISMATCH,
                        "draft " + draft.id() + " is not sent from identity " + identity.id());
            }
            DmDraft dm = DmDraft.of(draft);
            TwitterAccount account = registry.obtain(identity);
            if (account.isBlockedAt(clock.instant())) {
                throw failures.stillRateLimited(account);
            }
            if (!claim(order)) {
                return alreadySent(order);
            }
            return send(order, identity, account, dm, context);
        } finally {
            lock.unlock();
        }
    }

    private Reply send(MessageOrder order, Identity identity, TwitterAccount account, DmDraft dm,
                       OrderContext context) throws OrderFailedException {
        boolean sent = false;
        try {
            long recipientId = account.api().userId(dm.recipientScreenName());
            DmEvent event = account.api().send(recipientId, dm.text());
            sent = true;
            LOG.info("sent draft {} of user {} as direct message {} to @{}", order.messageId(), order.userId(),
                    event.id(), dm.recipientScreenName());
            RawMessage raw = rawDms.store(identity.id(), event, account.screenName(), dm.recipientScreenName(),
                    true);
            Instant sentAt = clock.instant();
            messages.updateDraft(order.userId(), order.messageId(), m -> markSent(m, event, raw.id(), sentAt));
            return Reply.ok("sent", Map.of(Keys.MESSAGE_ID, order.messageId(), "dm_id", event.id().toString()));
        } catch (TwitterException e) {
            throw failures.onFailure(e, identity, account, context.emitter(), false);
        } catch (RuntimeException e) {
            if (sent) {
                LOG.error("draft {} of user {} was sent but could not be marked sent; its send lease keeps it from "
                        + "being sent again for {}", order.messageId(), order.userId(), LEASE, e);
            }
            throw e;
        } finally {
            if (!sent) {
                release(order);
            }
        }
    }

    /** Takes the send lease; false if the message is no longer a draft. */
    private boolean claim(MessageOrder order) throws OrderFailedException {
        Instant now = clock.instant();
        try {
            messages.updateDraft(order.userId(), order.messageId(), current -> {
                if (SendClaim.liveUntil(current, now).isPresent()) {
                    throw new LeaseHeldException();
                }
                return SendClaim.take(current, now.plus(LEASE));
            });
            return true;
        } catch (IllegalStateException notADraft) {
            return false;
        } catch (LeaseHeldException e) {
            throw OrderFailedException.unavailable(ErrorCode.DELIVERY_IN_PROGRESS, "draft " + order.messageId()
                    + " is being sent by another instance; retry later", null);
        }
    }

    private void release(MessageOrder order) {
        try {
            messages.updateDraft(order.userId(), order.messageId(),
                    m -> m.withTags(SendClaim.withoutLease(m.tags())));
        } catch (RuntimeException e) {
            LOG.warn("could not release the send lease of draft {} of user {}; it expires in {}", order.messageId(),
                    order.userId(), LEASE, e);
        }
    }

    private Message load(MessageOrder order) throws OrderFailedException {
        try {
            return messages.message(order.userId(), order.messageId());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.notFound(ErrorCode.MESSAGE_NOT_FOUND,
                    "no message " + order.messageId() + " for user " + order.userId());
        } catch (InvalidIdException e) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, "malformed message or user id");
        }
    }

    private static Message markSent(Message draft, DmEvent event, String rawMessageId, Instant sentAt) {
        ExternalReferences refs = draft.externalRefs();
        ExternalReferences withDm = new ExternalReferences(refs.messageId(), refs.inReplyTo(), refs.references(),
                event.id().toString());
        List<String> tags = SendClaim.withoutLease(draft.tags());
        return new Message(draft.id(), draft.userId(), draft.discussionId(), false, false, false, draft.answered(),
                draft.participants(), draft.subject(), draft.bodyPlain(), draft.bodyHtml(), sentAt, withDm,
                rawMessageId, draft.identityIds(), tags, draft.attachments());
    }

    private static Reply alreadySent(MessageOrder order) {
        return Reply.ok("already sent", Map.of(Keys.MESSAGE_ID, order.messageId()));
    }

    /** Thrown inside the compare-and-set when another instance holds the lease. */
    private static final class LeaseHeldException extends RuntimeException {
        LeaseHeldException() {
            super("send lease held", null, false, false);
        }
    }
}
