package io.mailmesh.mesh.store.model;

import java.time.Instant;

/**
 * Sync progress of one IMAP folder.
 *
 * @param uidValidity  the folder's UIDVALIDITY when last seen (0 if unknown)
 * @param lastSeenUid  the highest UID already fetched (0 if none)
 * @param lastSync     when the folder was last synced, or null
 */
public record FolderState(long uidValidity, long lastSeenUid, Instant lastSync) {
    public static final FolderState EMPTY = new FolderState(0, 0, null);
}
