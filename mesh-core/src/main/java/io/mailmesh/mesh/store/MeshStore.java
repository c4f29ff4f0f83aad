package io.mailmesh.mesh.store;

/**
 * The domain store: one facade over the feature stores. Obtain it from {@link StoreModule} or
 * {@link io.mailmesh.mesh.store.jetstream.JetStreamMeshStore#open}. Thread-safe.
 *
 * <p>Conventions: getters by id throw {@link RecordNotFoundException}; lookups ({@code ...By...}) return
 * {@link java.util.Optional}; ids are checked against {@link Ids#PATTERN} ({@link InvalidIdException});
 * {@code update...} methods are compare-and-set on the bucket revision and retry on conflict.
 */
public interface MeshStore {
    UserStore users();

    IdentityStore identities();

    RawMessageStore rawMessages();

    MessageStore messages();

    DiscussionStore discussions();

    ContactStore contacts();

    PublicKeyStore publicKeys();
}
