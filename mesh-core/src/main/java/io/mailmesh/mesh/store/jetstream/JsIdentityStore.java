package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.AddressTakenException;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.Versioned;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.SyncState;
import io.nats.client.api.KeyValueEntry;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Identities: bucket {@code identities} (key {@code <identityId>}), encrypted credentials in {@code credentials}
 * (key {@code <identityId>}), lookups in {@code identity_index}: {@code u.<userId>.<identityId>} (a user's
 * identities), {@code r.<identityId>} (remote identities), {@code a.<base64url(address)>} → identity id (local
 * addresses, unique). Lookups are checked against the identity, so an index entry left by a crash is ignored.
 */
final class JsIdentityStore implements IdentityStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JsIdentityStore.class);

    private final Records<Identity> identities;
    private final Kv credentials;
    private final Kv index;
    private final CredentialCipher cipher;

    JsIdentityStore(Records<Identity> identities, Kv credentials, Kv index, CredentialCipher cipher) {
        this.identities = identities;
        this.credentials = credentials;
        this.index = index;
        this.cipher = cipher;
    }

    @Override
    public Identity putIdentity(Identity identity) {
        String id = validate(identity);
        Optional<Identity> old = identities.find(id).map(Versioned::value);
        if (identity.isLocal()) {
            claimAddress(identity.address(), id);
        }
        identities.put(id, identity);
        reindex(old.orElse(null), identity);
        return identity;
    }

    @Override
    public Identity identity(String identityId) {
        return versionedIdentity(identityId).value();
    }

    @Override
    public Versioned<Identity> versionedIdentity(String identityId) {
        return identities.get(Keys.id("identity", identityId));
    }

    @Override
    public Identity updateIdentity(String identityId, UnaryOperator<Identity> change) {
        String id = Keys.id("identity", identityId);
        return identities.update(id, current -> {
            Identity next = change.apply(current);
            validate(next);
            if (!Objects.equals(next.id(), current.id()) || !Objects.equals(next.userId(), current.userId())) {
                throw new IllegalArgumentException("an update cannot change an identity's id or user");
            }
            if (next.isLocal() && (!current.isLocal()
                    || !Keys.address(current.address()).equals(Keys.address(next.address())))) {
                claimAddress(next.address(), id);
            }
            return next;
        }, this::reindex).value();
    }

    @Override
    public Identity updateSyncState(String identityId, UnaryOperator<SyncState> change) {
        return updateIdentity(identityId, i -> i.withSyncState(change.apply(i.syncState())));
    }

    @Override
    public void deleteIdentity(String identityId) {
        String id = Keys.id("identity", identityId);
        Optional<Identity> old = identities.find(id).map(Versioned::value);
        identities.delete(id);
        credentials.delete(id);
        index.delete("r." + id);
        old.ifPresent(o -> {
            index.delete("u." + o.userId() + "." + id);
            if (o.isLocal()) {
                index.deleteIfHolds("a." + Keys.address(o.address()), id);
            }
        });
    }

    @Override
    public Optional<Identity> localIdentityByAddress(String address) {
        String wanted = Keys.normalizeAddress(address);
        return index.getString("a." + Keys.address(address))
                .flatMap(id -> identities.find(id).map(Versioned::value))
                .filter(i -> i.isLocal() && Keys.normalizeAddress(i.address()).equals(wanted));
    }

    @Override
    public List<Identity> identitiesOf(String userId) {
        String user = Keys.id("user", userId);
        List<String> ids = index.keys("u." + user + ".*").stream().map(k -> k.substring(k.lastIndexOf('.') + 1))
                .sorted().toList();
        return identities.getAll(ids).stream().filter(i -> user.equals(i.userId())).toList();
    }

    /** Reads every identity record in one pass over the bucket (no per-identity read) and keeps the remote ones. */
    @Override
    public List<Identity> remoteIdentities() {
        return identities.all().stream().filter(i -> !i.isLocal()).sorted(Comparator.comparing(Identity::id))
                .toList();
    }

    @Override
    public void putCredentials(String identityId, Credentials secrets) {
        String id = Keys.id("identity", identityId);
        if (identities.find(id).isEmpty()) {
            throw new RecordNotFoundException("identity", id);
        }
        credentials.put(id, cipher.encrypt(id, Json.write(Objects.requireNonNull(secrets, "credentials"))));
    }

    /**
     * Credentials stored under an old key (or before key ids) are written back under the current key as they are
     * read, if nobody wrote them meanwhile: a key rotation completes as identities are used.
     */
    @Override
    public Credentials credentials(String identityId) {
        String id = Keys.id("identity", identityId);
        KeyValueEntry entry = credentials.get(id).orElseThrow(() -> new RecordNotFoundException("credentials", id));
        CredentialCipher.Opened opened = cipher.open(id, entry.getValue());
        if (opened.stale()) {
            reencrypt(id, opened.plaintext(), entry.getRevision());
        }
        return Json.read(opened.plaintext(), Credentials.class);
    }

    /** Best effort: the read succeeded, so a failed write-back is only logged; the next read tries again. */
    private void reencrypt(String id, byte[] plaintext, long revision) {
        try {
            if (credentials.update(id, cipher.encrypt(id, plaintext), revision)) {
                LOG.info("credentials of identity {} re-encrypted under the current key {}", id,
                        cipher.currentKeyId());
            }
        } catch (io.mailmesh.mesh.store.StoreException e) {
            LOG.warn("credentials of identity {} could not be re-encrypted under the current key: {}", id,
                    e.getMessage());
        }
    }

    private static String validate(Identity identity) {
        String id = Keys.id("identity", identity.id());
        Keys.id("user", identity.userId());
        if (identity.kind() == null || identity.protocol() == null) {
            throw new IllegalArgumentException("identity " + id + " needs a kind and a protocol");
        }
        if (identity.address() == null || identity.address().isBlank()) {
            throw new IllegalArgumentException("identity " + id + " needs an address");
        }
        return id;
    }

    /** Makes {@code a.<address>} point to {@code id}, unless another live local identity holds the address. */
    private void claimAddress(String address, String id) {
        String key = "a." + Keys.address(address);
        byte[] value = id.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < Records.MAX_ATTEMPTS; attempt++) {
            Optional<KeyValueEntry> entry = index.get(key);
            if (entry.isEmpty()) {
                if (index.create(key, value)) {
                    return;
                }
                continue;
            }
            String holder = entry.get().getValueAsString();
            if (holder.equals(id)) {
                return;
            }
            boolean taken = identities.find(holder).map(Versioned::value)
                    .filter(i -> i.isLocal() && Keys.normalizeAddress(i.address()).equals(Keys.normalizeAddress(address)))
                    .isPresent();
            if (taken) {
                throw new AddressTakenException(address);
            }
            if (index.update(key, value, entry.get().getRevision())) {
                return;
            }
        }
        throw new AddressTakenException(address);
    }

    private void reindex(Identity old, Identity next) {
        String id = next.id();
        if (old == null || !old.userId().equals(next.userId())) {
            index.put("u." + next.userId() + "." + id, id.getBytes(StandardCharsets.UTF_8));
        }
        if (!next.isLocal() && (old == null || old.isLocal())) {
            index.put("r." + id, id.getBytes(StandardCharsets.UTF_8));
        }
        if (next.isLocal() && (old == null || !old.isLocal()
                || !Keys.address(old.address()).equals(Keys.address(next.address())))) {
            claimAddress(next.address(), id);
        }
        if (old == null) {
            return;
        }
        if (!old.userId().equals(next.userId())) {
            index.delete("u." + old.userId() + "." + id);
        }
        if (!old.isLocal() && next.isLocal()) {
            index.delete("r." + id);
        }
        if (old.isLocal() && (!next.isLocal() || !Keys.address(old.address()).equals(Keys.address(next.address())))) {
            index.deleteIfHolds("a." + Keys.address(old.address()), id);
        }
    }
}
