package io.mailmesh.apiemitter.fanout;

import com.google.inject.AbstractModule;
import io.mailmesh.mesh.runtime.MeshBindings;

/** Seed 004's fanout line server, bridged to NATS; install beside {@code ApiEmitterModule}. */
public final class FanoutModule extends AbstractModule {
    private final FanoutSettings settings;

    public FanoutModule(FanoutSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(FanoutSettings.class).toInstance(settings);
        MeshBindings.lifecycles(binder()).addBinding().to(FanoutServer.class);
        MeshBindings.endpoints(binder()).addBinding().to(FanoutEndpoint.class);
    }
}
