package io.mailmesh.apiemitter.middleman;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.mesh.runtime.MeshBindings;

/**
 * Seed 003's middleman on the API's HTTP server ({@code /middleman}), bridged to NATS below {@code middleman.};
 * install beside {@code ApiEmitterModule}. Its lifecycle (after the API's): the shared enablements; its figures are an
 * endpoint of api-emitter's {@code $SRV} discovery.
 */
public final class MiddlemanModule extends AbstractModule {
    private final MiddlemanSettings settings;

    public MiddlemanModule(MiddlemanSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(MiddlemanSettings.class).toInstance(settings);
        Multibinder.newSetBinder(binder(), RouteGroup.class).addBinding().to(MiddlemanRoutes.class);
        MeshBindings.lifecycles(binder()).addBinding().to(Enablements.class);
        MeshBindings.endpoints(binder()).addBinding().to(MiddlemanEndpoint.class);
    }
}
