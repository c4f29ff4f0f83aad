package io.mailmesh.apiemitter.gateway;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsMessageContext;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.auth.Authenticator;
import io.mailmesh.apiemitter.auth.Callers;
import io.mailmesh.apiemitter.web.Caller;
import io.mailmesh.apiemitter.web.RateLimiter;
import io.mailmesh.apiemitter.web.RateLimits;
import io.mailmesh.apiemitter.web.WebJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ({@code POST /MESSAGES}) and WebSocket ({@code /MESSAGES}, one JSON message per text frame, each
 * answered by an ack frame) ingress. Both need a bearer token: a user's API token (the message acts for that user)
 * or the admin token (acts for anyone). HTTP takes the {@code Authorization: Bearer} header; the WebSocket upgrade
 * takes the same header or, for browsers that cannot set it, a {@code token} query parameter. Without a valid token
 * the answer is 401 (the upgrade is refused); the token is checked again on every frame, so a WebSocket session ends
 * (close code 1008) at its first frame after the token expired or was revoked.
 *
 * <p>Each WebSocket frame takes from its token's rate limit (the same bucket as its HTTP requests): a frame over
 * the limit is answered with a 429 ack and not ingested. At most {@code GATEWAY_WS_MAX_WAITING} messages of one
 * connection may wait for a worker's reply at once; another one is answered with a 429 ack.
 */
public final class GatewayRoutes implements io.mailmesh.apiemitter.web.RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);
    private static final String TOKEN = "mailmesh.gateway.token";
    private static final String WAITS = "mailmesh.gateway.waits";
    private final Gateway gateway;
    private final Callers callers;
    private final RateLimiter rateLimiter;
    private final RateLimits limits;
    private final String path;

    @Inject
    GatewayRoutes(Gateway gateway, Callers callers, ApiSettings settings, RateLimiter rateLimiter,
            RateLimits limits) {
        this.gateway = gateway;
        this.callers = callers;
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.path = "/" + settings.ingressList();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(path, this::post);
        routes.wsBeforeUpgrade(path, ctx -> {
            String token = Authenticator.bearerOrNull(ctx.header("Authorization"));
            Optional<Caller> caller = callers.of(token != null ? token : ctx.queryParam("token"));
            if (caller.isEmpty()) {
                ctx.skipRemainingHandlers();
                respond(ctx, Gateway.failure(401, "a valid bearer token is required (Authorization header or "
                        + "token query parameter)"));
                return;
            }
            ctx.attribute(TOKEN, token != null ? token : ctx.queryParam("token"));
        });
        routes.ws(path, ws -> {
            ws.onConnect(ctx -> ctx.attribute(WAITS, WaitSlots.perConnection(limits.maxWaitingPerConnection())));
            ws.onMessage(this::frame);
        });
    }

    /** A frame, from a caller whose token is checked again: a session ends when its token expires or is revoked. */
    private void frame(WsMessageContext ctx) {
        Optional<Caller> current = callers.of(ctx.attribute(TOKEN));
        if (current.isEmpty()) {
            ctx.send(Gateway.failure(401, "the token has expired or was revoked").json());
            ctx.closeSession(1008, "token expired or revoked");
            return;
        }
        long retryAfter = rateLimiter.take(ctx.attribute(TOKEN), String.valueOf(ctx.session.getRemoteSocketAddress()));
        if (retryAfter > 0) {
            ctx.send(rateLimited(retryAfter));
            return;
        }
        Caller caller = current.get();
        WaitSlots waits = ctx.attribute(WAITS);
        gateway.accept("ws", ctx.message().getBytes(StandardCharsets.UTF_8), waits, caller).completion()
                .thenAccept(ack -> {
                    try {
                        ctx.send(ack.json());
                    } catch (RuntimeException e) {
                        LOG.debug("WebSocket closed before its ack: {}", e.getMessage());
                    }
                });
    }

    private void post(Context ctx) {
        Optional<Caller> caller = callers.of(Authenticator.bearerOrNull(ctx.header("Authorization")));
        if (caller.isEmpty()) {
            respond(ctx, Gateway.failure(401, "an Authorization: Bearer <token> header with a valid token is required"));
            return;
        }
        Gateway.Outcome outcome = gateway.accept("http", ctx.bodyAsBytes(), WaitSlots.ONE_PER_REQUEST, caller.get());
        if (outcome.completion().isDone()) {
            respond(ctx, outcome.completion().join());
        } else {
            ctx.future(() -> outcome.completion().thenAccept(ack -> respond(ctx, ack)));
        }
    }

    private static String rateLimited(long retryAfterSeconds) {
        return WebJson.MAPPER.createObjectNode().put("ok", false).put("status", 429).put("error", "rate_limited: "
                + "too many messages; retry after " + retryAfterSeconds + " s").put("retry_after", retryAfterSeconds)
                .toString();
    }

    private static void respond(Context ctx, Gateway.Ack ack) {
        if (ack.status() == 503) {
            ctx.header("Retry-After", "5");
        }
        ctx.status(ack.status()).contentType("application/json").result(ack.json());
    }
}
