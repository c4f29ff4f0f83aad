package io.mailmesh.smtpbridge.inbound;

import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RawMessageTooLargeException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.smtpbridge.SmtpBridgeSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a received mail to the mesh: stores the raw message under an id derived from its content (a sender's retry
 * of the same mail writes the same record), then asks {@code process_inbound} on {@code inboundSMTP} for
 * each local recipient, all at once. Only when every request succeeded is the mail accepted (250) and the raw
 * message marked delivered (the mark sent without waiting for it); a timeout, no responder or an error reply
 * answers 451 so the sending MTA retries — a
 * retry does not create a second message, as mq-worker de-duplicates by Message-ID. Never a 5xx for a failure of
 * ours: the sender would drop the mail.
 */
@Singleton
public final class InboundDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(InboundDelivery.class);

    private final MeshStore store;
    private final OrderEmitter emitter;
    private final SmtpBridgeSettings settings;

    @Inject
    public InboundDelivery(MeshStore store, OrderEmitter emitter, SmtpBridgeSettings settings) {
        this.store = store;
        this.emitter = emitter;
        this.settings = settings;
    }

    /**
     * @param mail       the mail as received, its trace header lines first
     * @param recipients the local identities it is for, without duplicates
     */
    InboundOutcome deliver(SpooledMail mail, Collection<Identity> recipients, String sessionId) {
        String rawId = mail.rawId();
        try {
            storeOnce(rawId, mail);
        } catch (RawMessageTooLargeException e) {
            return InboundOutcome.tooLarge(settings.maxMessageSize());
        } catch (StoreException e) {
            LOG.warn("session {}: cannot store inbound mail {}: {}", sessionId, rawId, e.toString());
            return InboundOutcome.tryLater("cannot store the message now");
        }
        OrderEmitter correlated = emitter.withCorrelationId("smtp-" + sessionId);
        List<CompletableFuture<Reply>> pending = new ArrayList<>();
        for (Identity identity : recipients) {
            pending.add(correlated.requestAsync(Routes.INBOUND_SMTP,
                    MessageOrder.processInbound(rawId, identity.id(), identity.userId()),
                    settings.inboundTimeout()));
        }
        boolean failed = false;
        int i = 0;
        for (Identity identity : recipients) {
            String problem = problem(pending.get(i++));
            if (problem != null) {
                LOG.warn("session {}: process_inbound of {} for identity {} failed: {}", sessionId, rawId,
                        identity.id(), problem);
                failed = true;
            }
        }
        if (failed) {
            return InboundOutcome.tryLater("the message could not be processed now");
        }
        // not awaited: the 250 does not depend on it, and a mark lost to a crash only keeps the raw message longer
        store.rawMessages().markDeliveredAsync(rawId).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("session {}: mail {} was processed but could not be marked delivered: {}", sessionId, rawId,
                        (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e).toString());
            }
        });
        LOG.info("session {}: mail {} delivered to {} local recipient(s)", sessionId, rawId, recipients.size());
        return InboundOutcome.accepted(rawId);
    }

    /**
     * Writes the raw message. A mail that fits in memory is written blindly (its id comes from its content, so a
     * sender's retry writes the same record again: one round trip instead of a read and a write); a spilled, large
     * one is first looked up, so a retry does not upload it again.
     */
    private void storeOnce(String rawId, SpooledMail mail) {
        if (mail.spilled()) {
            try {
                store.rawMessages().rawMessage(rawId);
                return;
            } catch (RecordNotFoundException e) {
                // first time we see this mail
            }
        }
        try (java.io.InputStream bytes = mail.open()) {
            store.rawMessages().putRawMessage(
                    new RawMessage(rawId, 0, false, new FetchMetadata(Protocol.SMTP, null, 0, List.of())), bytes,
                    mail.size());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot read the spooled mail " + rawId + ": " + e.getMessage(), e);
        }
    }

    /** Null when the request succeeded, else why not (without secrets: codes and reasons only). */
    private static String problem(CompletableFuture<Reply> future) {
        try {
            Reply reply = future.get();
            return reply.error() ? "mq-worker answered " + reply.code() + ": " + reply.message() : null;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * {@code smtp-} and the base64url SHA-256 of the content without its trailing line breaks: the same mail gets
     * the same id however the sender ends its DATA. {@link SpooledMail} computes the same as it reads.
     */
    static String rawId(byte[] content) {
        int length = content.length;
        while (length > 0 && (content[length - 1] == '\n' || content[length - 1] == '\r')) {
            length--;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(content, 0, length);
            return "smtp-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
