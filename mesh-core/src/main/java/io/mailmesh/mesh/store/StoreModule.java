package io.mailmesh.mesh.store;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.nats.client.Connection;

/**
 * Guice wiring of the store. Needs bindings for {@link Connection} and {@link StoreSettings} from elsewhere;
 * provides a singleton {@link MeshStore} (buckets created idempotently on first use) and its feature stores.
 */
public final class StoreModule extends AbstractModule {
    @Provides
    @Singleton
    MeshStore meshStore(Connection connection, StoreSettings settings) {
        return JetStreamMeshStore.open(connection, settings);
    }

    @Provides
    UserStore users(MeshStore store) {
        return store.users();
    }

    @Provides
    IdentityStore identities(MeshStore store) {
        return store.identities();
    }

    @Provides
    RawMessageStore rawMessages(MeshStore store) {
        return store.rawMessages();
    }

    @Provides
    MessageStore messages(MeshStore store) {
        return store.messages();
    }

    @Provides
    DiscussionStore discussions(MeshStore store) {
        return store.discussions();
    }

    @Provides
    ContactStore contacts(MeshStore store) {
        return store.contacts();
    }

    @Provides
    PublicKeyStore publicKeys(MeshStore store) {
        return store.publicKeys();
    }
}
