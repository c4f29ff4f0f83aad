package io.mailmesh.apiemitter.auth;

import io.mailmesh.mesh.security.StoreAccess;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.util.Optional;

/**
 * Logins by e-mail in the bucket {@code <store prefix>auth_accounts}, keyed by the SHA-256 of the lower-case
 * e-mail (bucket keys cannot hold every e-mail character). Creation is a compare-and-set: one account per e-mail.
 */
@Singleton
public final class Accounts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LazyBucket bucket;

    @Inject
    Accounts(Connection connection, StoreSettings store) {
        this.bucket = new LazyBucket(connection, store.bucketPrefix() + StoreAccess.AUTH_ACCOUNTS, store);
    }

    /** Stores {@code account} unless its e-mail has one already; returns whether it was stored. */
    public boolean create(Account account) {
        try {
            bucket.get().create(TokenStore.hash(account.email()), JSON.writeValueAsBytes(account));
            return true;
        } catch (JetStreamApiException exists) {
            if (find(account.email()).isPresent()) {
                return false;
            }
            throw new StoreException("cannot store an account: " + exists.getMessage(), exists);
        } catch (IOException e) {
            throw new StoreException("cannot store an account: " + e.getMessage(), e);
        }
    }

    public Optional<Account> find(String email) {
        try {
            KeyValueEntry entry = bucket.get().get(TokenStore.hash(email));
            return entry == null || entry.getValue() == null ? Optional.empty()
                    : Optional.of(JSON.readValue(entry.getValue(), Account.class));
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot read accounts: " + e.getMessage(), e);
        }
    }
}
