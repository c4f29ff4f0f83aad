package io.mailmesh.mesh.store.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A user's identity: a local mailbox or a remote account (IMAP/SMTP or Twitter). Credentials are kept apart,
 * encrypted, see {@link Credentials}.
 *
 * @param id                  identity id
 * @param userId              owning user
 * @param kind                local or remote
 * @param protocol            email, smtp, imap or twitter
 * @param address             e-mail address or screen name
 * @param displayName         display name, or null
 * @param incoming            incoming server (IMAP), or null
 * @param outgoing            outgoing server (SMTP), or null
 * @param pollIntervalMinutes how often the user wants a remote identity polled (a bridge's back-off never
 *                            changes it: see {@link SyncState#backoffMinutes()} and {@link #currentPollMinutes()})
 * @param status              active or inactive
 * @param syncState           sync progress (never null)
 */
public record Identity(String id, String userId, IdentityKind kind, Protocol protocol, String address,
        String displayName, ServerSettings incoming, ServerSettings outgoing, int pollIntervalMinutes,
        IdentityStatus status, SyncState syncState) {

    public Identity {
        status = status == null ? IdentityStatus.ACTIVE : status;
        syncState = syncState == null ? SyncState.INITIAL : syncState;
    }

    @JsonIgnore
    public boolean isLocal() {
        return kind == IdentityKind.LOCAL;
    }

    /** The interval the scheduler polls at now: the back-off while one is in force, else the configured one. */
    @JsonIgnore
    public int currentPollMinutes() {
        return syncState.backoffMinutes() > 0 ? syncState.backoffMinutes() : pollIntervalMinutes;
    }

    public Identity withSyncState(SyncState newState) {
        return new Identity(id, userId, kind, protocol, address, displayName, incoming, outgoing,
                pollIntervalMinutes, status, newState);
    }

    public Identity withStatus(IdentityStatus newStatus) {
        return new Identity(id, userId, kind, protocol, address, displayName, incoming, outgoing,
                pollIntervalMinutes, newStatus, syncState);
    }

    public Identity withDisplayName(String newName) {
        return new Identity(id, userId, kind, protocol, address, newName, incoming, outgoing,
                pollIntervalMinutes, status, syncState);
    }

    public Identity withPollIntervalMinutes(int minutes) {
        return new Identity(id, userId, kind, protocol, address, displayName, incoming, outgoing, minutes, status,
                syncState);
    }

    public Identity withServers(ServerSettings newIncoming, ServerSettings newOutgoing) {
        return new Identity(id, userId, kind, protocol, address, displayName, newIncoming, newOutgoing,
                pollIntervalMinutes, status, syncState);
    }
}
