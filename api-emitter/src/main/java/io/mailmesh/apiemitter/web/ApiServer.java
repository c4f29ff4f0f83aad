package io.mailmesh.apiemitter.web;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.auth.Authenticator;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.store.AddressTakenException;
import io.mailmesh.mesh.store.InvalidIdException;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.RecordTooLargeException;
import io.mailmesh.mesh.store.StoreException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the REST API under {@code /api/v2} and the gateway's {@code /MESSAGES}, on one Javalin instance.
 * Every error is a JSON object {@code {"error": code, "message": reason, "field": …}}; never a stack trace.
 */
@Singleton
public final class ApiServer implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final ApiSettings settings;
    private final Set<RouteGroup> groups;
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private Javalin app;

    @Inject
    ApiServer(ApiSettings settings, Set<RouteGroup> groups, Authenticator authenticator, RateLimiter rateLimiter) {
        this.settings = settings;
        this.groups = groups;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void start() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new io.javalin.json.JavalinJackson(WebJson.MAPPER, false));
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.modifyWebSocketServletFactory(ws -> ws.setMaxTextMessageSize(settings.maxBodyBytes()));
            // rate first: a flood of bad tokens is held back before it costs a token lookup each
            config.routes.before("/api/v2/*", rateLimiter::check);
            config.routes.before("/" + settings.ingressList(), rateLimiter::check);
            config.routes.before("/api/v2/*", authenticator::authenticate);
            groups.forEach(group -> group.register(config.routes));
            config.routes.exception(io.mailmesh.apiemitter.auth.Login.Throttled.class, (e, ctx) -> {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
                error(ctx, e.status(), e.code(), null, e.getMessage());
            });
            config.routes.exception(RateLimiter.RateLimitedException.class, (e, ctx) -> {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
                error(ctx, 429, "rate_limited", null, e.getMessage());
            });
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.field(),
                    e.getMessage()));
            config.routes.exception(RecordNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", null,
                    e.kind() + " not found"));
            config.routes.exception(InvalidIdException.class, (e, ctx) -> error(ctx, 404, "not_found", null,
                    "no such record: " + e.getMessage()));
            config.routes.exception(AddressTakenException.class, (e, ctx) -> error(ctx, 409, "conflict", "address",
                    e.getMessage()));
            config.routes.exception(RecordTooLargeException.class, (e, ctx) -> error(ctx, 413, "too_large", null,
                    e.getMessage()));
            config.routes.exception(PublishFailedException.class, (e, ctx) -> {
                LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                if (e.streamFull()) {
                    ctx.header("Retry-After", "60");
                    error(ctx, 503, "orders_full", null, "the mesh's orders stream is full (its workers are "
                            + "behind); retry later");
                    return;
                }
                ctx.header("Retry-After", "5");
                error(ctx, 503, "nats_unavailable", null, "the mesh is unreachable; retry later");
            });
            config.routes.exception(StoreException.class, (e, ctx) -> {
                LOG.warn("{} {}: store failure: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", "5");
                error(ctx, 503, "store_unavailable", null, "the store is unavailable; retry later");
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    "http_" + e.getStatus(), null, e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", null, "internal error");
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || !"application/json".equals(ctx.contentType())) {
                    error(ctx, 404, "not_found", null, "no route " + ctx.method() + " " + ctx.path());
                }
            });
            config.routes.error(413, ctx -> error(ctx, 413, "too_large", null,
                    "the body is over the limit of " + settings.maxBodyBytes() + " bytes"));
            config.routes.error(405, ctx -> error(ctx, 405, "method_not_allowed", null,
                    ctx.method() + " is not allowed on " + ctx.path()));
        });
        app.start("0.0.0.0", settings.port());
        LOG.info("API and gateway listening on :{}", app.port());
    }

    /** Every HTTP route the server registered, as {@code "METHOD path"} ({@code "GET /api/v2/me"}). */
    public java.util.List<String> routes() {
        java.util.Set<String> methods = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
        return app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> methods.contains(e.method.name())).map(e -> e.method.name() + " " + e.path)
                .distinct().sorted().toList();
    }

    /** The port the server listens on (useful when configured with 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Override
    public boolean isReady() {
        return app != null;
    }

    public static void error(Context ctx, int status, String code, String field, String message) {
        var body = WebJson.object().put("error", code).put("message", message == null ? code : message);
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).contentType("application/json").result(WebJson.write(body));
    }
}
