package io.mailmesh.imapbridge.sync;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.folders.AccountFolders;
import io.mailmesh.imapbridge.folders.FolderSelection;
import io.mailmesh.imapbridge.folders.ListedFolder;
import io.mailmesh.imapbridge.imap.FetchedMail;
import io.mailmesh.imapbridge.imap.FolderReader;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.imapbridge.imap.ImapConnections;
import io.mailmesh.imapbridge.imap.ImapFailure;
import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.FolderState;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs the folders of one identity into the mesh: every selectable folder the account LISTs, INBOX first, except
 * those the identity skips (by default Trash, Junk and Drafts, found by SPECIAL-USE attribute or by name). Mails of
 * the Sent folder are handed over marked as such ({@code FetchMetadata.sentFolder}): mq-worker imports them as
 * sent even when their From is an alias the mesh does not know.
 *
 * <p>Per folder (UIDVALIDITY and last seen UID are kept per folder): the first time, or when UIDVALIDITY changed, everything is fetched; otherwise only UIDs above the
 * last seen one. Mails are fetched in batches and handed over ({@link InboundHandoff}), the next batch being
 * fetched while the previous one is handed over; after each batch the last seen UID advances by compare-and-set,
 * never past a mail that was not handed over, and never backwards.
 * A {@code fullfetch} fetches every mail of the folders again. One sync per identity runs at a time on the whole
 * mesh ({@link SyncLease}). A sync that runs past its budget hands the rest to a follow-up {@code sync} order.
 */
@Singleton
public final class MailboxSync {
    public static final String INBOX = "INBOX";
    private static final Logger LOG = LoggerFactory.getLogger(MailboxSync.class);

    private final IdentityStore identities;
    private final ImapConnections connections;
    private final InboundHandoff handoff;
    private final IdentityHealth health;
    private final SyncLease lease;
    private final ImapSettings settings;
    private final long maxMessageBytes;
    private final SyncProgress syncProgress;

    @Inject
    public MailboxSync(IdentityStore identities, ImapConnections connections, InboundHandoff handoff,
            IdentityHealth health, SyncLease lease, ImapSettings settings, StoreSettings storeSettings,
            SyncProgress syncProgress) {
        this.maxMessageBytes = storeSettings.maxRawMessageBytes(); // a bigger mail could not be stored anyway
        this.identities = identities;
        this.connections = connections;
        this.handoff = handoff;
        this.health = health;
        this.lease = lease;
        this.settings = settings;
        this.syncProgress = syncProgress;
    }

    /** Runs a {@code sync} or {@code fullfetch} order. */
    public Reply run(RemoteOrder order, OrderContext ctx) throws Exception {
        boolean fullFetch = order.type() == OrderType.FULLFETCH;
        Identity identity = load(order);
        if (identity.status() == IdentityStatus.INACTIVE && !fullFetch) {
            return Reply.ok("identity " + identity.id() + " is inactive; not synced");
        }
        Credentials credentials;
        try {
            credentials = identities.credentials(identity.id());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.rejected(ErrorCode.NO_CREDENTIALS, "identity " + identity.id()
                    + " has no stored credentials");
        }
        Duration leaseTtl = (fullFetch ? Duration.ofHours(1) : settings.syncBudget())
                .plus(settings.inboundTimeout()).plusSeconds(60);
        Optional<SyncLease.Held> held = lease.tryAcquire(identity.id(), leaseTtl);
        if (held.isEmpty()) {
            // retryable: the durable consumer redelivers with back-off once the running sync (bounded by its
            // budget) is done, so neither a fullfetch nor a sync triggered by new mail is lost
            throw OrderFailedException.unavailable(ErrorCode.SYNC_RUNNING, "a sync of identity " + identity.id()
                    + " is already running", null);
        }
        try (SyncLease.Held h = held.get()) {
            ImapConnections.Lease connection;
            try {
                connection = connections.borrow(identity, credentials);
            } catch (ImapConnections.NoRoomException e) {
                throw OrderFailedException.unavailable(ErrorCode.BUSY, e.getMessage(), null);
            } catch (ImapFailure f) {
                return failed(identity, f, ctx);
            }
            Progress progress = new Progress(fullFetch, System.nanoTime() + settings.syncBudget().toNanos(),
                    syncProgress.start(identity.id(), fullFetch));
            boolean healthy = false;
            try {
                for (ListedFolder folder : foldersOf(identity, connection)) {
                    if (!syncFolder(identity, connection, folder, progress, h, ctx)) {
                        ctx.emitter().publish(Routes.IMAP_FETCHER, RemoteOrder.of(OrderType.SYNC, identity.id(),
                                identity.userId()));
                        healthy = true;
                        return Reply.ok("fetched " + progress.fetched + " mails; the rest follows in another sync");
                    }
                }
                healthy = true;
            } catch (MessagingException e) {
                return failed(identity, new ImapFailure(ImapFailure.Kind.CONNECTION, "sync of " + identity.id()
                        + " broke off after " + progress.fetched + " mails: " + e.getMessage(), e), ctx);
            } finally {
                progress.report.close();
                if (healthy) {
                    connection.close();
                } else {
                    connection.discard();
                }
            }
            health.recordSuccess(identity, ctx.emitter());
            return Reply.ok((fullFetch ? "fullfetch" : "sync") + " of " + identity.id() + " fetched "
                    + progress.fetched + " mails");
        }
    }

    private static final class Progress {
        final boolean fullFetch;
        final long deadline;
        final SyncProgress.Run report;
        int fetched;

        Progress(boolean fullFetch, long deadline, SyncProgress.Run report) {
            this.fullFetch = fullFetch;
            this.deadline = deadline;
            this.report = report;
        }

        boolean overBudget() {
            return !fullFetch && System.nanoTime() > deadline;
        }
    }

    /** @return false if the budget ran out before the folder was done */
    private boolean syncFolder(Identity identity, ImapConnections.Lease connection, ListedFolder listed,
            Progress progress, SyncLease.Held held, OrderContext ctx) throws MessagingException,
            OrderFailedException, InterruptedException {
        String name = listed.name();
        IMAPFolder folder = (IMAPFolder) connection.store().getFolder(name);
        if (!folder.exists()) {
            LOG.warn("identity {}: folder {} does not exist; skipped", identity.id(), name);
            return true;
        }
        folder.open(Folder.READ_ONLY);
        try {
            long uidValidity = folder.getUIDValidity();
            FolderState state = identities.identity(identity.id()).syncState().folder(name);
            boolean restart = progress.fullFetch || state.uidValidity() != uidValidity;
            long from = restart ? 1 : state.lastSeenUid() + 1;
            if (!restart) {
                long uidNext = folder.getUIDNext();
                if (uidNext > 0 && uidNext <= from) {
                    return true;
                }
            } else if (state.uidValidity() != uidValidity && state.uidValidity() != 0) {
                LOG.info("identity {}: UIDVALIDITY of {} changed ({} -> {}); fetching it again", identity.id(),
                        name, state.uidValidity(), uidValidity);
            }
            long[] uids = FolderReader.uidsFrom(folder, from);
            progress.report.folder(name, uids.length, state.uidValidity() == 0);
            if (uids.length == 0 && state.uidValidity() != uidValidity) {
                commit(identity, name, uidValidity, 0);
            }
            // pipelined: while one batch is handed over, the next is fetched; the last seen UID advances once per
            // batch, only over mails handed over, in UID order
            InboundHandoff.Batch pending = null;
            long pendingLastUid = 0;
            try {
                for (int start = 0; start < uids.length; ) {
                    FolderReader.Batch batch;
                    try {
                        batch = FolderReader.fetchBatch(folder, uids, start, settings.batchSize(),
                                settings.maxBatchBytes(), maxMessageBytes);
                    } catch (MessagingException e) {
                        if (pending != null) {
                            settle(identity, name, uidValidity, state, pending, pendingLastUid, progress, held);
                        }
                        throw e;
                    }
                    if (pending != null
                            && !settle(identity, name, uidValidity, state, pending, pendingLastUid, progress, held)) {
                        return false; // over budget: the batch just fetched is left to the follow-up sync
                    }
                    pending = handoff.start(identity, listed, uidValidity, batch.mails(), ctx.emitter());
                    pendingLastUid = uids[batch.end() - 1];
                    start = batch.end();
                }
                if (pending != null) {
                    settle(identity, name, uidValidity, state, pending, pendingLastUid, progress, held);
                }
            } finally {
                if (pending != null) {
                    pending.cancel(); // a no-op for a batch settled; drops the rest of one abandoned
                }
            }
            return !progress.overBudget();
        } finally {
            if (folder.isOpen()) {
                folder.close(false);
            }
        }
    }

    /**
     * Waits for a batch handed over, then advances the last seen UID over what was handed over (up to
     * {@code batchLastUid} if all was: UIDs expunged meanwhile are passed too) and renews the lease.
     *
     * @return false if the sync is over its budget
     */
    private boolean settle(Identity identity, String name, long uidValidity, FolderState state,
            InboundHandoff.Batch batch, long batchLastUid, Progress progress, SyncLease.Held held)
            throws OrderFailedException, InterruptedException {
        InboundHandoff.Outcome outcome = batch.await();
        progress.fetched += outcome.handedOver();
        progress.report.handedOver(outcome.handedOver());
        long committedUpTo = outcome.failure() == null && !batch.mails().isEmpty() ? batchLastUid
                : outcome.lastHandedOverUid();
        if (committedUpTo > 0 || state.uidValidity() != uidValidity) {
            commit(identity, name, uidValidity, committedUpTo);
        }
        if (outcome.failure() != null) {
            throw OrderFailedException.unavailable(ErrorCode.INBOUND_UNAVAILABLE, "sync of " + identity.id()
                    + " stopped at " + outcome.failure(), null);
        }
        if (!held.renew()) {
            throw OrderFailedException.unavailable(ErrorCode.LEASE_LOST, "the sync lease of " + identity.id()
                    + " was lost", null);
        }
        return !progress.overBudget();
    }

    /** Advances the folder's last seen UID: forward only at the same UIDVALIDITY, reset on a new one. */
    private void commit(Identity identity, String folder, long uidValidity, long uid) {
        Instant now = Instant.now();
        identities.updateSyncState(identity.id(), s -> {
            FolderState current = s.folder(folder);
            long last = current.uidValidity() == uidValidity ? Math.max(current.lastSeenUid(), uid) : uid;
            var next = s.withFolder(folder, new FolderState(uidValidity, last, now));
            return INBOX.equals(folder) ? next.withUid(uidValidity, last) : next;
        });
    }

    private Identity load(RemoteOrder order) throws OrderFailedException {
        Identity identity = UserIdentities.load(identities, order.remoteId(), order.userId());
        if (identity.isLocal() || identity.incoming() == null) {
            throw OrderFailedException.rejected(ErrorCode.NOT_IMAP, "identity " + identity.id()
                    + " is not a remote IMAP account");
        }
        return identity;
    }

    /**
     * The folders to sync: the account's selectable folders as LIST gives them (INBOX first), less those the
     * identity skips (Trash, Junk and Drafts unless it says otherwise).
     */
    private static List<ListedFolder> foldersOf(Identity identity, ImapConnections.Lease connection)
            throws MessagingException {
        return FolderSelection.chosen(AccountFolders.list(connection.store()), identity.incoming().skippedFolders());
    }

    private Reply failed(Identity identity, ImapFailure failure, OrderContext ctx) throws IOException {
        health.recordFailure(identity, failure, ctx.emitter());
        String code = switch (failure.kind()) {
            case AUTHENTICATION -> ErrorCode.AUTHENTICATION_FAILED.code();
            case CONNECTION -> ErrorCode.CONNECTION_FAILED.code();
            case CONFIGURATION -> ErrorCode.BAD_CONFIGURATION.code();
        };
        return Reply.failure(code, failure.getMessage());
    }
}
