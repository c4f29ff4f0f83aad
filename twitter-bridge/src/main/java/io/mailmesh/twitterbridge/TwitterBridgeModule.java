package io.mailmesh.twitterbridge;

import com.google.inject.AbstractModule;
import io.mailmesh.mesh.runtime.MeshBindings;
import io.mailmesh.twitterbridge.account.AccountRegistry;
import io.mailmesh.twitterbridge.worker.TwitterWorkerOwnership;
import java.time.Clock;

/** Guice wiring of the twitter-bridge. Needs the store bound elsewhere ({@code MeshStoreModule} or a test's). */
public final class TwitterBridgeModule extends AbstractModule {
    private final TwitterSettings settings;
    private final Clock clock;

    public TwitterBridgeModule(TwitterSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public TwitterBridgeModule(TwitterSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(TwitterSettings.class).toInstance(settings);
        bind(Clock.class).toInstance(clock);
        bind(AccountRegistry.class).asEagerSingleton();
        MeshBindings.handlers(binder()).addBinding().to(TwitterHandlers.class);
        MeshBindings.lifecycles(binder()).addBinding().to(TwitterWorkerOwnership.class);
    }
}
