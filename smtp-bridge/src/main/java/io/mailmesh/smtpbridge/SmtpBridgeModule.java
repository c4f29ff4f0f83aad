package io.mailmesh.smtpbridge;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.mailmesh.mesh.runtime.MeshBindings;
import io.mailmesh.smtpbridge.deliver.DeliverHandlers;
import io.mailmesh.smtpbridge.inbound.InboundSmtpListener;
import io.mailmesh.smtpbridge.relay.SmtpSender;

/**
 * Guice wiring of smtp-bridge: the {@code deliver} handler on {@code outboundSMTP} and the inbound SMTP listener.
 * Needs the store ({@code MeshStoreModule} in production, {@code StoreModule} and {@code StoreSettings} in tests).
 */
public final class SmtpBridgeModule extends AbstractModule {
    private final SmtpBridgeSettings settings;

    public SmtpBridgeModule(SmtpBridgeSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(SmtpBridgeSettings.class).toInstance(settings);
        MeshBindings.handlers(binder()).addBinding().to(DeliverHandlers.class);
        MeshBindings.lifecycles(binder()).addBinding().to(InboundSmtpListener.class);
    }

    @Provides
    @Singleton
    SmtpSender sender() {
        return new SmtpSender();
    }
}
