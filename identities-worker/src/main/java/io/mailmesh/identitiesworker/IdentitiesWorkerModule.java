package io.mailmesh.identitiesworker;

import com.google.inject.AbstractModule;
import io.mailmesh.identitiesworker.orders.IdentityOrderHandlers;
import io.mailmesh.identitiesworker.schedule.ScheduleLifecycle;
import io.mailmesh.mesh.runtime.MeshBindings;

/**
 * Guice wiring of identities-worker: the identity order handlers and the scheduler lifecycle. Needs a
 * {@link io.mailmesh.mesh.store.MeshStore} from elsewhere ({@code MeshStoreModule}, or {@code StoreModule} in tests).
 */
public final class IdentitiesWorkerModule extends AbstractModule {
    private final IdentitiesSettings settings;

    public IdentitiesWorkerModule(IdentitiesSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(IdentitiesSettings.class).toInstance(settings);
        MeshBindings.handlers(binder()).addBinding().to(IdentityOrderHandlers.class);
        MeshBindings.lifecycles(binder()).addBinding().to(ScheduleLifecycle.class);
    }
}
