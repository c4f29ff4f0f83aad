package io.mailmesh.mesh.testing;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;

/** The domain store as tests use it: one replica, a fixed all-zero test key, and a bucket prefix of the test's own. */
public final class TestStore {
    private TestStore() {
    }

    /** Memory storage under the {@code t_} prefix. */
    public static StoreSettings settings() {
        return settings(StoreSettings.Storage.MEMORY, "t_");
    }

    public static StoreSettings settings(StoreSettings.Storage storage, String bucketPrefix) {
        return new StoreSettings(1, storage, new byte[32], StoreSettings.DEFAULT_MAX_RAW_MESSAGE_BYTES, bucketPrefix);
    }

    /** The store module bound to {@code settings}, to install beside a worker's modules. */
    public static Module module(StoreSettings settings) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                install(new StoreModule());
                bind(StoreSettings.class).toInstance(settings);
            }
        };
    }
}
