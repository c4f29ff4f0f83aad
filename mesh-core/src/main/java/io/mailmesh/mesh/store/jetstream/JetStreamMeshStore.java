package io.mailmesh.mesh.store.jetstream;

import io.mailmesh.mesh.store.ContactStore;
import io.mailmesh.mesh.store.DiscussionStore;
import io.mailmesh.mesh.store.IdentityStore;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.PublicKeyStore;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.UserStore;
import io.mailmesh.mesh.store.model.Contact;
import io.mailmesh.mesh.store.model.Discussion;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.Message;
import io.mailmesh.mesh.store.model.PublicKey;
import io.mailmesh.mesh.store.model.RawMessage;
import io.mailmesh.mesh.store.model.User;
import io.nats.client.Connection;

/**
 * {@link MeshStore} on NATS JetStream: one key-value bucket per record kind and per lookup family, plus an
 * object store for raw message bytes; every bucket named {@code <prefix><name>}, one revision kept per key.
 */
public final class JetStreamMeshStore implements MeshStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JetStreamMeshStore.class);

    private final UserStore users;
    private final IdentityStore identities;
    private final RawMessageStore rawMessages;
    private final MessageStore messages;
    private final DiscussionStore discussions;
    private final ContactStore contacts;
    private final PublicKeyStore publicKeys;

    private JetStreamMeshStore(Buckets b, StoreSettings settings) {
        long max = b.maxValueBytes();
        users = new JsUserStore(new Records<>(b.keyValue(Buckets.USERS), User.class, "user", max));
        identities = new JsIdentityStore(new Records<>(b.keyValue(Buckets.IDENTITIES), Identity.class, "identity",
                max), b.keyValue(Buckets.CREDENTIALS), b.keyValue(Buckets.IDENTITY_INDEX),
                credentialCipher(settings));
        rawMessages = new JsRawMessageStore(new Records<>(b.keyValue(Buckets.RAW_MESSAGES), RawMessage.class,
                "raw message", max), b.keyValue(Buckets.RAW_INLINE), b.objectStore(Buckets.RAW_BYTES),
                settings.maxRawMessageBytes(), max);
        messages = new JsMessageStore(new Records<>(b.keyValue(Buckets.MESSAGES), Message.class, "message", max),
                b.keyValue(Buckets.MESSAGE_INDEX));
        discussions = new JsDiscussionStore(new Records<>(b.keyValue(Buckets.DISCUSSIONS), Discussion.class,
                "discussion", max));
        contacts = new JsContactStore(new Records<>(b.keyValue(Buckets.CONTACTS), Contact.class, "contact", max),
                b.keyValue(Buckets.CONTACT_INDEX));
        publicKeys = new JsPublicKeyStore(new Records<>(b.keyValue(Buckets.PUBLIC_KEYS), PublicKey.class,
                "public key", max));
    }

    private static CredentialCipher credentialCipher(StoreSettings settings) {
        CredentialCipher cipher = new CredentialCipher(settings.secretKey(), settings.oldSecretKeys());
        // key ids, not keys: they tell which key a stored record is under (its bytes 2 to 5)
        LOG.info("credentials are written under key {} (MESH_SECRET_KEY){}", cipher.currentKeyId(),
                cipher.oldKeyIds().isEmpty() ? "" : " and read under old keys " + cipher.oldKeyIds()
                        + " too (MESH_SECRET_KEYS_OLD)");
        return cipher;
    }

    /**
     * Creates the buckets if missing (idempotent: safe from many processes at once) and returns the store.
     *
     * @throws io.mailmesh.mesh.store.StoreException if JetStream is unavailable or a bucket cannot be created
     */
    public static MeshStore open(Connection connection, StoreSettings settings) {
        return new JetStreamMeshStore(new Buckets(connection, settings), settings);
    }

    /**
     * Creates every bucket of the store that is missing and brings every bucket to the configured byte limits
     * (provisioning, with credentials that may create and change streams); executables then only open them.
     */
    public static void provision(Connection connection, StoreSettings settings) {
        Buckets buckets = new Buckets(connection, settings);
        for (io.mailmesh.mesh.store.StoreBucket bucket : io.mailmesh.mesh.store.StoreBucket.values()) {
            if (bucket.objectStore()) {
                buckets.objectStore(bucket.suffix()).get();
            } else {
                buckets.keyValue(bucket.suffix()).raw();
            }
            buckets.applyLimit(bucket.suffix(), bucket.objectStore());
        }
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public IdentityStore identities() {
        return identities;
    }

    @Override
    public RawMessageStore rawMessages() {
        return rawMessages;
    }

    @Override
    public MessageStore messages() {
        return messages;
    }

    @Override
    public DiscussionStore discussions() {
        return discussions;
    }

    @Override
    public ContactStore contacts() {
        return contacts;
    }

    @Override
    public PublicKeyStore publicKeys() {
        return publicKeys;
    }

    @Override
    public String toString() {
        return "JetStreamMeshStore";
    }
}
