package io.mailmesh.apiemitter.gateway;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.ApiSettings;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ({@code POST /MESSAGES}) and WebSocket ({@code /MESSAGES}, one JSON message per text frame, each
 * answered by an ack frame) ingress.
 */
public final class GatewayRoutes implements io.mailmesh.apiemitter.web.RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);
    private final Gateway gateway;
    private final String path;

    @Inject
    GatewayRoutes(Gateway gateway, ApiSettings settings) {
        this.gateway = gateway;
        this.path = "/" + settings.ingressList();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(path, this::post);
        routes.ws(path, ws -> ws.onMessage(ctx -> gateway.accept("ws",
                ctx.message().getBytes(StandardCharsets.UTF_8), true).completion().thenAccept(ack -> {
                    try {
                        ctx.send(ack.json());
                    } catch (RuntimeException e) {
                        LOG.debug("WebSocket closed before its ack: {}", e.getMessage());
                    }
                })));
    }

    private void post(Context ctx) {
        Gateway.Outcome outcome = gateway.accept("http", ctx.bodyAsBytes(), true);
        if (outcome.completion().isDone()) {
            respond(ctx, outcome.completion().join());
        } else {
            ctx.future(() -> outcome.completion().thenAccept(ack -> respond(ctx, ack)));
        }
    }

    private static void respond(Context ctx, Gateway.Ack ack) {
        if (ack.status() == 503) {
            ctx.header("Retry-After", "5");
        }
        ctx.status(ack.status()).contentType("application/json").result(ack.json());
    }
}
