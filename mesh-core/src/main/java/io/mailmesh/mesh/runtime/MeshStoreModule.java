package io.mailmesh.mesh.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.security.StoreAccess;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain store for an executable, configured from the environment ({@code MESH_SECRET_KEY} and the
 * {@code MESH_STORE_*} variables); only the executables that decrypt credentials take the key. Tests install {@link StoreModule} and bind their own {@link StoreSettings}.
 */
public final class MeshStoreModule extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(MeshStoreModule.class);

    @Override
    protected void configure() {
        install(new StoreModule());
    }

    @Provides
    @Singleton
    StoreSettings storeSettings(MeshConfig config) {
        Map<String, String> env = System.getenv();
        if (StoreAccess.decryptsCredentials(config.executable())) {
            return StoreSettings.from(env, config.developmentProfile());
        }
        // least privilege: an executable that never reads credentials holds no key to them (its NATS permissions
        // keep it off the credentials bucket too); a throwaway key satisfies the settings and decrypts nothing
        if (env.containsKey(StoreSettings.SECRET_KEY_VARIABLE)) {
            LOG.warn("{} is ignored: {} never decrypts credentials; give the key only to api-emitter and the bridges",
                    StoreSettings.SECRET_KEY_VARIABLE, config.executable());
        }
        Map<String, String> withoutSecret = new HashMap<>(env);
        withoutSecret.remove(StoreSettings.OLD_SECRET_KEYS_VARIABLE);
        withoutSecret.put(StoreSettings.SECRET_KEY_VARIABLE, Base64.getEncoder().encodeToString(throwawayKey()));
        return StoreSettings.from(withoutSecret, config.developmentProfile());
    }

    private static byte[] throwawayKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
