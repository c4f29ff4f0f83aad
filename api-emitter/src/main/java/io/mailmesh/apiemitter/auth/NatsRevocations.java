package io.mailmesh.apiemitter.auth;

import io.mailmesh.mesh.security.StoreAccess;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Records revoked NATS users in the bucket {@code <store prefix>nats_revocations}: key the user's public key (U…),
 * value {@code {"user_id": …, "revoked_at": <epoch seconds>}}. The operator's tool folds the bucket into the
 * account JWT's revocation list; this class only writes it.
 */
@Singleton
public final class NatsRevocations {
    private final LazyBucket bucket;

    @Inject
    NatsRevocations(Connection connection, StoreSettings store) {
        this.bucket = new LazyBucket(connection, store.bucketPrefix() + StoreAccess.NATS_REVOCATIONS, store);
    }

    public void revoke(String natsUserPublicKey, String userId) {
        String value = io.mailmesh.apiemitter.web.WebJson.write(io.mailmesh.apiemitter.web.WebJson.object()
                .put("user_id", userId).put("revoked_at", Instant.now().getEpochSecond()));
        try {
            bucket.get().put(natsUserPublicKey, value.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException e) {
            throw new StoreException("cannot record a NATS revocation: " + e.getMessage(), e);
        }
    }

    /** The bucket's name, for ops and tests. */
    public String bucketName() {
        return bucket.name();
    }
}
