package io.mailmesh.apiemitter.replay;

import com.google.inject.AbstractModule;
import io.mailmesh.apiemitter.ApiSettings;

/** What {@code replay} needs besides the mesh runtime: the gateway settings. */
final class ReplayModule extends AbstractModule {
    private final ApiSettings settings;

    ReplayModule(ApiSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(ApiSettings.class).toInstance(settings);
    }
}
