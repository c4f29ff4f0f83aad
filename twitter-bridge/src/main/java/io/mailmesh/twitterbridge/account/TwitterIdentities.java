package io.mailmesh.twitterbridge.account;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.UserIdentities;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import jakarta.inject.Inject;

/** Loads the identity an order names and checks it is a Twitter identity of the order's user. */
public final class TwitterIdentities {
    private final IdentityStore identities;

    @Inject
    public TwitterIdentities(IdentityStore identities) {
        this.identities = identities;
    }

    /** The identity, whatever its status. */
    public Identity load(String remoteId, String userId) throws OrderFailedException {
        Identity identity = UserIdentities.load(identities, remoteId, userId);
        if (identity.protocol() != Protocol.TWITTER) {
            throw OrderFailedException.rejected(ErrorCode.NOT_TWITTER,
                    "identity " + remoteId + " is a " + identity.protocol().wireName() + " identity, not twitter");
        }
        return identity;
    }

    /** The identity, which must be active. */
    public Identity loadActive(String remoteId, String userId) throws OrderFailedException {
        Identity identity = load(remoteId, userId);
        if (identity.status() != IdentityStatus.ACTIVE) {
            throw OrderFailedException.rejected(ErrorCode.IDENTITY_INACTIVE, "identity " + remoteId + " is inactive"
                    + (identity.syncState().lastError() == null ? "" : ": " + identity.syncState().lastError()));
        }
        return identity;
    }
}
