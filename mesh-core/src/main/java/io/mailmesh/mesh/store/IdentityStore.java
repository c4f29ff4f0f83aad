package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.SyncState;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Identities, their encrypted credentials and their sync state. */
public interface IdentityStore {
    /**
     * Creates or replaces an identity and its lookups. Prefer {@link #updateIdentity} or {@link #updateSyncState}
     * to change an existing identity, so a concurrent sync-state update is not lost.
     *
     * @throws AddressTakenException if it is local and another local identity holds its address
     */
    Identity putIdentity(Identity identity);

    /** @throws RecordNotFoundException if there is no such identity */
    Identity identity(String identityId);

    /** The identity with its revision. @throws RecordNotFoundException if absent */
    Versioned<Identity> versionedIdentity(String identityId);

    /**
     * Compare-and-set update of a whole identity: reads it, applies {@code change} and writes it only if nobody
     * wrote in between; otherwise re-reads and retries ({@code change} may run more than once, so keep it pure).
     * The id and user of the identity cannot change.
     *
     * @throws RecordNotFoundException    if absent
     * @throws ConcurrentUpdateException if it kept losing
     */
    Identity updateIdentity(String identityId, UnaryOperator<Identity> change);

    /** Compare-and-set update of the sync state only; same guarantees as {@link #updateIdentity}. */
    Identity updateSyncState(String identityId, UnaryOperator<SyncState> change);

    /** Deletes an identity, its credentials and lookups; a no-op if absent. */
    void deleteIdentity(String identityId);

    /** The local identity that owns {@code address} (case-insensitive), if any. Its {@code userId} is the user. */
    Optional<Identity> localIdentityByAddress(String address);

    /** Every identity of a user, ordered by id. */
    List<Identity> identitiesOf(String userId);

    /** Every remote identity of every user (active or not), for the scheduler. */
    List<Identity> remoteIdentities();

    /** Stores an identity's credentials, encrypted. @throws RecordNotFoundException if the identity is absent */
    void putCredentials(String identityId, Credentials credentials);

    /** Decrypts an identity's credentials. @throws RecordNotFoundException if none are stored */
    Credentials credentials(String identityId);
}
