package io.mailmesh.mesh.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;

/**
 * The domain store for an executable, configured from the environment ({@code MESH_SECRET_KEY} and the
 * {@code MESH_STORE_*} variables). Tests install {@link StoreModule} and bind their own {@link StoreSettings}.
 */
public final class MeshStoreModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new StoreModule());
    }

    @Provides
    @Singleton
    StoreSettings storeSettings(MeshConfig config) {
        return StoreSettings.from(System.getenv(), config.developmentProfile());
    }
}
