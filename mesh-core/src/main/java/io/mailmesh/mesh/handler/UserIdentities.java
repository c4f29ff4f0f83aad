package io.mailmesh.mesh.handler;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.InvalidIdException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Identity;

/**
 * Loading the identity an order names on behalf of its user, the same way in every worker: one code for an
 * identity that does not exist, one for an identity of another user. A store that fails is left to the runtime's
 * recoverer ({@code store_unavailable}).
 */
public final class UserIdentities {
    private UserIdentities() {
    }

    /**
     * The identity {@code identityId}, which must belong to {@code userId}.
     *
     * @throws OrderFailedException {@code invalid_id}, {@code identity_not_found} or {@code identity_not_owned}
     */
    public static Identity load(IdentityStore identities, String identityId, String userId)
            throws OrderFailedException {
        Identity identity;
        try {
            identity = identities.identity(identityId);
        } catch (InvalidIdException e) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_ID, "identity id " + identityId + " is not valid");
        } catch (RecordNotFoundException e) {
            throw notFound(identityId);
        }
        requireOwner(identity, userId);
        return identity;
    }

    /** Fails with {@code identity_not_owned} unless {@code identity} belongs to {@code userId}. */
    public static void requireOwner(Identity identity, String userId) throws OrderFailedException {
        if (!identity.userId().equals(userId)) {
            throw OrderFailedException.rejected(ErrorCode.IDENTITY_NOT_OWNED, "identity " + identity.id()
                    + " does not belong to user " + userId);
        }
    }

    /** {@code identity_not_found} for {@code identityId}. */
    public static OrderFailedException notFound(String identityId) {
        return OrderFailedException.notFound(ErrorCode.IDENTITY_NOT_FOUND, "identity " + identityId
                + " does not exist");
    }
}
