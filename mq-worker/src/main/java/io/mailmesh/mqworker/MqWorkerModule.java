package io.mailmesh.mqworker;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mailmesh.mesh.runtime.MeshBindings;
import io.mailmesh.mqworker.contact.ContactHandlers;
import io.mailmesh.mqworker.inbound.ContactLookupCache;
import io.mailmesh.mqworker.inbound.InboundHandlers;
import io.mailmesh.mqworker.keys.KeyHandlers;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.RawMessageRetention;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Guice wiring of the mq-worker: its handler sets and the HTTP client of the key look-ups. Needs a store
 * ({@code MeshStoreModule} in production, {@code StoreModule} plus settings in tests).
 */
public final class MqWorkerModule extends AbstractModule {
    private final MqWorkerSettings settings;

    public MqWorkerModule(MqWorkerSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(MqWorkerSettings.class).toInstance(settings);
        MeshBindings.handlers(binder()).addBinding().to(InboundHandlers.class);
        MeshBindings.handlers(binder()).addBinding().to(ContactHandlers.class);
        MeshBindings.handlers(binder()).addBinding().to(KeyHandlers.class);
        MeshBindings.lifecycles(binder()).addBinding().to(ContactLookupCache.class);
        MeshBindings.lifecycles(binder()).addBinding().to(RawMessageRetention.class);
    }

    /** mq-worker imports the raw messages, so it is the one that ages them out once delivered. */
    @Provides
    @Singleton
    RawMessageRetention rawMessageRetention(MeshStore store) {
        return new RawMessageRetention(store.rawMessages(), settings.rawRetention(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    HttpClient keyLookupClient() {
        return HttpClient.newBuilder()
                .connectTimeout(settings.keyLookupTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // KeyServerClient follows them, each hop guarded
                .build();
    }
}
