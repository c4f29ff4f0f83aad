package io.mailmesh.mesh.store;

/**
 * The buckets of the store, each named {@code <prefix><name>} on JetStream. One list, read by the store that opens
 * them, by provisioning that creates them and by the credentials generator that grants access to them.
 */
public enum StoreBucket {
    USERS("users"),
    IDENTITIES("identities"),
    CREDENTIALS("credentials"),
    IDENTITY_INDEX("identity_index"),
    RAW_MESSAGES("raw_messages"),
    RAW_INLINE("raw_inline"),
    RAW_BYTES("raw_bytes", true),
    MESSAGES("messages"),
    MESSAGE_INDEX("message_index"),
    DISCUSSIONS("discussions"),
    CONTACTS("contacts"),
    CONTACT_INDEX("contact_index"),
    PUBLIC_KEYS("public_keys");

    private final String suffix;
    private final boolean objectStore;

    StoreBucket(String suffix) {
        this(suffix, false);
    }

    StoreBucket(String suffix, boolean objectStore) {
        this.suffix = suffix;
        this.objectStore = objectStore;
    }

    /** The name without the prefix. */
    public String suffix() {
        return suffix;
    }

    /** The bucket's name on JetStream. */
    public String bucketName(String prefix) {
        return prefix + suffix;
    }

    /** True for the object store, false for a key-value bucket. */
    public boolean objectStore() {
        return objectStore;
    }
}
