package io.mailmesh.apiemitter.openapi;

import io.javalin.config.RoutesConfig;
import io.mailmesh.apiemitter.web.RouteGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the hand-written OpenAPI document at {@code /api/v2/openapi.json}. */
public final class OpenApiRoutes implements RouteGroup {
    private final byte[] document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v2/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }
}
