package io.mailmesh.twitterbridge.account;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The live account handlers of this instance, one per Twitter identity, keyed by identity id. */
@Singleton
public final class AccountRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AccountRegistry.class);

    private final IdentityStore identities;
    private final TwitterClients clients;
    private final ConcurrentMap<String, TwitterAccount> accounts = new ConcurrentHashMap<>();

    @Inject
    public AccountRegistry(IdentityStore identities, TwitterClients clients) {
        this.identities = identities;
        this.clients = clients;
    }

    /** Creates the handler of {@code identity} unless one is live; returns the live one. */
    public TwitterAccount obtain(Identity identity) throws OrderFailedException {
        TwitterAccount live = accounts.get(identity.id());
        if (live != null) {
            return live;
        }
        TwitterAccount created = create(identity);
        TwitterAccount raced = accounts.putIfAbsent(identity.id(), created);
        if (raced != null) {
            return raced;
        }
        LOG.info("started Twitter worker for identity {} (@{})", identity.id(), created.screenName());
        return created;
    }

    /** Builds a fresh handler with the identity's current tokens and replaces any live one. */
    public TwitterAccount reload(Identity identity) throws OrderFailedException {
        TwitterAccount created = create(identity);
        TwitterAccount old = accounts.put(identity.id(), created);
        if (old != null) {
            // a rate limit applies to the account, not to the client object
            created.blockUntil(old.blockedUntil());
        }
        LOG.info("reloaded Twitter worker for identity {} (@{})", identity.id(), created.screenName());
        return created;
    }

    /** Stops the handler of an identity; true if one was live. */
    public boolean remove(String identityId) {
        boolean removed = accounts.remove(identityId) != null;
        if (removed) {
            LOG.info("stopped Twitter worker for identity {}", identityId);
        }
        return removed;
    }

    public Optional<TwitterAccount> live(String identityId) {
        return Optional.ofNullable(accounts.get(identityId));
    }

    public int size() {
        return accounts.size();
    }

    private TwitterAccount create(Identity identity) throws OrderFailedException {
        Credentials credentials;
        try {
            credentials = identities.credentials(identity.id());
        } catch (RecordNotFoundException e) {
            throw OrderFailedException.rejected(ErrorCode.MISSING_CREDENTIALS,
                    "identity " + identity.id() + " has no stored Twitter credentials");
        }
        String screenName = identity.address() == null ? "" : identity.address().trim();
        if (screenName.startsWith("@")) {
            screenName = screenName.substring(1);
        }
        if (screenName.isEmpty()) {
            throw OrderFailedException.rejected(ErrorCode.INVALID_IDENTITY,
                    "identity " + identity.id() + " has no Twitter screen name as its address");
        }
        return new TwitterAccount(identity.id(), identity.userId(), screenName,
                new TwitterApi(clients.build(identity.id(), credentials)));
    }
}
