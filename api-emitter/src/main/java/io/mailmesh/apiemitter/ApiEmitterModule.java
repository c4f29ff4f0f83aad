package io.mailmesh.apiemitter;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.mailmesh.apiemitter.admin.AdminRoutes;
import io.mailmesh.apiemitter.auth.AuthRoutes;
import io.mailmesh.apiemitter.auth.AuthSettings;
import io.mailmesh.apiemitter.auth.UserRoutes;
import io.mailmesh.apiemitter.contacts.ContactRoutes;
import io.mailmesh.apiemitter.gateway.AuditLog;
import io.mailmesh.apiemitter.gateway.GatewayRoutes;
import io.mailmesh.apiemitter.gateway.NatsIngress;
import io.mailmesh.apiemitter.gateway.Outbox;
import io.mailmesh.apiemitter.gateway.RedisIngress;
import io.mailmesh.apiemitter.identities.IdentityRoutes;
import io.mailmesh.apiemitter.identities.IdentitySettings;
import io.mailmesh.apiemitter.messages.MessageRoutes;
import io.mailmesh.apiemitter.openapi.OpenApiRoutes;
import io.mailmesh.apiemitter.web.ApiServer;
import io.mailmesh.apiemitter.web.RateLimits;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.mesh.runtime.MeshBindings;

/**
 * The API and gateway executable: REST routes, the HTTP/WebSocket/Redis/NATS ingress, the audit log and the
 * outbox. Needs the store (install {@code MeshStoreModule}, or {@code StoreModule} with settings in tests).
 * Lifecycles start in order: audit log, outbox, HTTP server, Redis ingress, NATS ingress.
 */
public final class ApiEmitterModule extends AbstractModule {
    private final ApiSettings settings;
    private final AuthSettings auth;
    private final IdentitySettings identities;
    private final RateLimits rateLimits;

    /** With the development profile's defaults (open registration, no NATS creds, the dev mail domain). */
    public ApiEmitterModule(ApiSettings settings) {
        this(settings, AuthSettings.defaults(true), IdentitySettings.of(null, false, true), RateLimits.defaults());
    }

    public ApiEmitterModule(ApiSettings settings, AuthSettings auth, IdentitySettings identities,
                            RateLimits rateLimits) {
        this.settings = settings;
        this.auth = auth;
        this.identities = identities;
        this.rateLimits = rateLimits;
    }

    @Override
    protected void configure() {
        bind(ApiSettings.class).toInstance(settings);
        bind(AuthSettings.class).toInstance(auth);
        bind(IdentitySettings.class).toInstance(identities);
        bind(RateLimits.class).toInstance(rateLimits);
        Multibinder<RouteGroup> routes = Multibinder.newSetBinder(binder(), RouteGroup.class);
        routes.addBinding().to(UserRoutes.class);
        routes.addBinding().to(AuthRoutes.class);
        routes.addBinding().to(IdentityRoutes.class);
        routes.addBinding().to(ContactRoutes.class);
        routes.addBinding().to(MessageRoutes.class);
        routes.addBinding().to(AdminRoutes.class);
        routes.addBinding().to(OpenApiRoutes.class);
        routes.addBinding().to(GatewayRoutes.class);
        var lifecycles = MeshBindings.lifecycles(binder());
        lifecycles.addBinding().to(AuditLog.class);
        lifecycles.addBinding().to(Outbox.class);
        lifecycles.addBinding().to(ApiServer.class);
        lifecycles.addBinding().to(RedisIngress.class);
        lifecycles.addBinding().to(NatsIngress.class);
    }
}
