package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.web.Access;
import io.mailmesh.apiemitter.web.Body;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.apiemitter.web.WebJson;
import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.User;

/**
 * {@code POST /api/v2/users} (a user without a login, by name, returning its token once; only while open
 * registration is on, as for {@code /api/v2/auth/register}) and {@code GET /api/v2/me}.
 */
public final class UserRoutes implements RouteGroup {
    private final MeshStore store;
    private final TokenStore tokens;
    private final AuthSettings settings;

    @Inject
    UserRoutes(MeshStore store, TokenStore tokens, AuthSettings settings) {
        this.store = store;
        this.tokens = tokens;
        this.settings = settings;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v2/users", this::create);
        routes.get("/api/v2/me", ctx -> ctx.json(store.users().user(Access.userId(ctx))));
    }

    private void create(Context ctx) {
        AuthRoutes.requireOpenRegistration(settings);
        Body body = Body.of(ctx.bodyAsBytes());
        String name = body.requiredString("name");
        User user = store.users().putUser(new User(Ids.newId(), name, null));
        TokenStore.Issued token = tokens.issue(user.id(), null);
        ctx.status(201).contentType("application/json").result(WebJson.write(WebJson.object()
                .put("user_id", user.id()).put("name", user.name()).put("token", token.token())
                .put("expires_at", token.expiresAt().toString())));
    }
}
