package io.mailmesh.imapbridge.sync;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.folders.FolderRole;
import io.mailmesh.imapbridge.folders.ListedFolder;
import io.mailmesh.imapbridge.imap.FetchedMail;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.RequestUnansweredException;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.RawMessageTooLargeException;
import io.mailmesh.mesh.store.model.FetchMetadata;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands fetched mails to mq-worker: stores each raw mail with its fetch metadata, then requests
 * {@code process_inbound} on inboundSMTP. A batch runs concurrently, and in the background of the caller
 * ({@link #start}), so the next batch can be fetched meanwhile; the outcome says up to which UID every mail was
 * handed over, so the caller advances the last seen UID no further.
 *
 * <p>A raw message's id is derived from (identity, folder, UIDVALIDITY, UID), so fetching the same mail again
 * after a crash rewrites the same raw message, and mq-worker's de-duplication by Message-ID absorbs the second
 * process_inbound. An error reply whose code says "try later" stops the batch there; any other error reply (the
 * mail is unusable as it stands) is logged and passed over, so one bad mail cannot block an account forever.
 */
@Singleton
public final class InboundHandoff {
    private static final Logger LOG = LoggerFactory.getLogger(InboundHandoff.class);
    private static final Set<String> RETRYABLE_CODES = Set.of("internal_error", "timeout", "shutting_down",
            "unavailable", "store_unavailable", "busy");

    private final RawMessageStore rawMessages;
    private final ImapSettings settings;
    private final ExecutorService storers;

    @Inject
    public InboundHandoff(RawMessageStore rawMessages, ImapSettings settings) {
        this.rawMessages = rawMessages;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.storers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "imap-store-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * What became of a batch.
     *
     * @param lastHandedOverUid the highest UID up to which every mail of the batch was handed over (0 if none)
     * @param handedOver        mails handed over (or passed over as unusable) before the first failure
     * @param failure           why the batch stopped early, or null
     */
    public record Outcome(long lastHandedOverUid, int handedOver, String failure) {
    }

    /** Hands over {@code mails} (ascending UIDs) fetched from {@code folder} at {@code uidValidity}; waits for all. */
    public Outcome handOver(Identity identity, ListedFolder folder, long uidValidity, List<FetchedMail> mails,
            OrderEmitter emitter) throws InterruptedException {
        return start(identity, folder, uidValidity, mails, emitter).await();
    }

    /**
     * Starts handing over {@code mails} (ascending UIDs) and returns at once, so the caller can fetch the next batch
     * meanwhile; {@link Batch#await()} gives the outcome.
     */
    public Batch start(Identity identity, ListedFolder folder, long uidValidity, List<FetchedMail> mails,
            OrderEmitter emitter) {
        List<CompletableFuture<String>> results = new ArrayList<>(mails.size());
        for (FetchedMail mail : mails) {
            results.add(CompletableFuture.supplyAsync(() -> store(identity, folder, uidValidity, mail), storers)
                    .thenCompose(rawId -> rawId == null ? CompletableFuture.completedFuture((String) null)
                            : emitter.requestAsync(Routes.INBOUND_SMTP,
                                    MessageOrder.processInbound(rawId, identity.id(), identity.userId()),
                                    settings.inboundTimeout())
                                    .thenApplyAsync(reply -> delivered(identity, rawId, mail, reply), storers)));
        }
        long deadline = System.nanoTime() + settings.inboundTimeout().toNanos() + TimeUnit.SECONDS.toNanos(30);
        return new Batch(folder.name(), mails, results, deadline);
    }

    /** A batch being handed over. */
    public static final class Batch {
        private final String folder;
        private final List<FetchedMail> mails;
        private final List<CompletableFuture<String>> results;
        private final long deadline;

        private Batch(String folder, List<FetchedMail> mails, List<CompletableFuture<String>> results,
                long deadline) {
            this.folder = folder;
            this.mails = mails;
            this.results = results;
            this.deadline = deadline;
        }

        /** The mails of the batch, ascending UIDs. */
        public List<FetchedMail> mails() {
            return mails;
        }

        /**
         * Waits for the replies in UID order and stops at the first mail not handed over: the outcome never counts
         * a mail behind one that failed, whatever became of it.
         */
        public Outcome await() throws InterruptedException {
            long last = 0;
            int done = 0;
            for (int i = 0; i < mails.size(); i++) {
                String failure;
                try {
                    failure = results.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | CompletionException e) {
                    failure = describe(e.getCause() == null ? e : e.getCause());
                } catch (TimeoutException e) {
                    failure = "no answer to process_inbound in time";
                }
                if (failure != null) {
                    cancel();
                    return new Outcome(last, done, "mail UID " + mails.get(i).uid() + " of " + folder + ": "
                            + failure);
                }
                last = mails.get(i).uid();
                done++;
            }
            return new Outcome(last, done, null);
        }

        /** Drops what has not started yet (a stopped sync); whatever ran is fetched and handed over again later. */
        public void cancel() {
            results.forEach(f -> f.cancel(false));
        }
    }

    private String store(Identity identity, ListedFolder folder, long uidValidity, FetchedMail mail) {
        String id = rawMessageId(identity.id(), folder.name(), uidValidity, mail.uid());
        try {
            rawMessages.putRawMessage(new RawMessage(id, 0, false, new FetchMetadata(Protocol.IMAP, folder.name(),
                    mail.uid(), mail.flags(), folder.is(FolderRole.SENT))), mail.bytes());
            return id;
        } catch (RawMessageTooLargeException e) {
            LOG.warn("identity {}: mail UID {} of {} is too large to store ({} bytes), passed over", identity.id(),
                    mail.uid(), folder.name(), mail.bytes().length);
            return null;
        }
    }

    /** The verdict on a mail's reply, the raw message marked delivered once mq-worker has imported it. */
    private String delivered(Identity identity, String rawId, FetchedMail mail, Reply reply) {
        if (!reply.error()) {
            try {
                rawMessages.markDelivered(rawId);
            } catch (StoreException e) {
                LOG.warn("identity {}: mail UID {} was imported but could not be marked delivered: {}",
                        identity.id(), mail.uid(), e.toString());
            }
        }
        return verdict(mail, reply);
    }

    private static String verdict(FetchedMail mail, Reply reply) {
        if (!reply.error()) {
            return null;
        }
        if (RETRYABLE_CODES.contains(reply.code()) || reply.code().endsWith("_unavailable")) {
            return "mq-worker answered " + reply.code() + ": " + reply.message();
        }
        LOG.warn("mq-worker refused mail UID {} ({}: {}); passed over", mail.uid(), reply.code(), reply.message());
        return null;
    }

    private static String describe(Throwable e) {
        if (e instanceof RequestUnansweredException u) {
            return u.reason() == RequestUnansweredException.Reason.NO_RESPONDERS
                    ? "nobody handles process_inbound (mq-worker down)" : "no answer to process_inbound in time";
        }
        return "could not hand the mail over: " + e.getMessage();
    }

    /** The raw message id of a fetched mail: stable for the same (identity, folder, UIDVALIDITY, UID). */
    public static String rawMessageId(String identityId, String folder, long uidValidity, long uid) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((identityId + "\n" + folder + "\n"
                    + uidValidity + "\n" + uid).getBytes(StandardCharsets.UTF_8));
            return "imap_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
