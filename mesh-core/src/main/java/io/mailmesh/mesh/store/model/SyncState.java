package io.mailmesh.mesh.store.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a remote identity's sync stands. Updated with compare-and-set through
 * {@code IdentityStore.updateSyncState}.
 *
 * @param uidValidity  UIDVALIDITY of the main folder (0 if unknown)
 * @param lastSeenUid  highest IMAP UID already fetched (0 if none)
 * @param lastSeenDmId highest Twitter DM id already fetched, as text (bridges compare numerically), or null
 * @param lastSync     last successful sync, or null
 * @param errorCount   consecutive failed syncs
 * @param firstErrorAt first failure of the current error run, or null
 * @param lastErrorAt  latest failure, or null
 * @param lastError    latest failure text (never secrets), or null
 * @param folders      per-folder state, keyed by folder name
 * @param backoffMinutes the poll interval a bridge asked for after failures ({@code update_interval}), in force
 *                     instead of the user's configured interval until a success clears it; 0 when not backing off
 *                     (records stored before this field existed load with 0)
 */
public record SyncState(long uidValidity, long lastSeenUid, String lastSeenDmId, Instant lastSync, int errorCount,
        Instant firstErrorAt, Instant lastErrorAt, String lastError, Map<String, FolderState> folders,
        int backoffMinutes) {

    public static final SyncState INITIAL = new SyncState(0, 0, null, null, 0, null, null, null, Map.of(), 0);

    public SyncState {
        folders = Lists.copy(folders);
        backoffMinutes = Math.max(0, backoffMinutes);
    }

    /** A state without back-off. */
    public SyncState(long uidValidity, long lastSeenUid, String lastSeenDmId, Instant lastSync, int errorCount,
            Instant firstErrorAt, Instant lastErrorAt, String lastError, Map<String, FolderState> folders) {
        this(uidValidity, lastSeenUid, lastSeenDmId, lastSync, errorCount, firstErrorAt, lastErrorAt, lastError,
                folders, 0);
    }

    /** The back-off interval in force ({@code minutes}), or none ({@code 0}): the configured interval applies. */
    public SyncState withBackoff(int minutes) {
        return new SyncState(uidValidity, lastSeenUid, lastSeenDmId, lastSync, errorCount, firstErrorAt,
                lastErrorAt, lastError, folders, minutes);
    }

    /** A successful sync at {@code at}: clears the error run and the back-off. */
    public SyncState withSuccess(Instant at) {
        return new SyncState(uidValidity, lastSeenUid, lastSeenDmId, at, 0, null, null, null, folders, 0);
    }

    /** A failed sync at {@code at}: counts it and keeps the first failure time of the run. */
    public SyncState withError(String error, Instant at) {
        return new SyncState(uidValidity, lastSeenUid, lastSeenDmId, lastSync, errorCount + 1,
                firstErrorAt == null ? at : firstErrorAt, at, error, folders, backoffMinutes);
    }

    public SyncState withUid(long newUidValidity, long newLastSeenUid) {
        return new SyncState(newUidValidity, newLastSeenUid, lastSeenDmId, lastSync, errorCount, firstErrorAt,
                lastErrorAt, lastError, folders, backoffMinutes);
    }

    public SyncState withLastSeenDmId(String dmId) {
        return new SyncState(uidValidity, lastSeenUid, dmId, lastSync, errorCount, firstErrorAt, lastErrorAt,
                lastError, folders, backoffMinutes);
    }

    /** The state of one folder, {@link FolderState#EMPTY} if never synced. */
    public FolderState folder(String name) {
        return folders.getOrDefault(name, FolderState.EMPTY);
    }

    public SyncState withFolder(String name, FolderState state) {
        Map<String, FolderState> copy = new HashMap<>(folders);
        copy.put(name, state);
        return new SyncState(uidValidity, lastSeenUid, lastSeenDmId, lastSync, errorCount, firstErrorAt,
                lastErrorAt, lastError, copy, backoffMinutes);
    }
}
