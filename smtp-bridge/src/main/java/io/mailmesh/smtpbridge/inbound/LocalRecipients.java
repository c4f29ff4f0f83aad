package io.mailmesh.smtpbridge.inbound;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.Identity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The local identity a RCPT TO address names. A found identity is reused for {@link #TTL} (a burst of mail for one
 * mailbox reads it once instead of two store reads per mail, as mq-worker reuses it for as long); an address not
 * found is read again on the next RCPT, so a new identity receives mail at once. Mail for an identity deactivated or
 * deleted meanwhile may so still be accepted for up to {@link #TTL}.
 */
@Singleton
final class LocalRecipients {
    static final Duration TTL = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 10_000;

    private final IdentityStore identities;
    private final Cache<String, Identity> found = Caffeine.newBuilder().expireAfterWrite(TTL)
            .maximumSize(MAX_CACHED).build();

    @Inject
    LocalRecipients(MeshStore store) {
        this.identities = store.identities();
    }

    /** @throws IllegalArgumentException if {@code address} is not a valid address */
    Optional<Identity> byAddress(String address) {
        if (address == null) {
            throw new IllegalArgumentException("no address");
        }
        String key = address.trim().toLowerCase(Locale.ROOT);
        Identity cached = found.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Identity> read = identities.localIdentityByAddress(address);
        read.ifPresent(identity -> found.put(key, identity));
        return read;
    }
}
