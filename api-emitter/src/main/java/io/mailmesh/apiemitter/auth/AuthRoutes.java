package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailmesh.apiemitter.web.Access;
import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.apiemitter.web.Body;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.apiemitter.web.WebJson;
import io.mailmesh.mesh.store.model.User;

/**
 * The authentication service: {@code POST /api/v2/auth/register} (open registration only),
 * {@code POST /api/v2/auth/login}, {@code DELETE /api/v2/auth/tokens/current} (revokes the caller's token and the
 * NATS user of its login), and the admin's {@code POST /api/v2/admin/users}.
 */
public final class AuthRoutes implements RouteGroup {
    private final Registrar registrar;
    private final Login login;
    private final TokenStore tokens;
    private final NatsRevocations revocations;
    private final AuthSettings settings;

    @Inject
    AuthRoutes(Registrar registrar, Login login, TokenStore tokens, NatsRevocations revocations,
               AuthSettings settings) {
        this.registrar = registrar;
        this.login = login;
        this.tokens = tokens;
        this.revocations = revocations;
        this.settings = settings;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v2/auth/register", ctx -> {
            requireOpenRegistration(settings);
            create(ctx);
        });
        routes.post("/api/v2/admin/users", this::create);
        routes.post("/api/v2/auth/login", this::login);
        routes.delete("/api/v2/auth/tokens/current", this::revoke);
    }

    /** A 403 unless {@code AUTH_OPEN_REGISTRATION} is on. */
    static void requireOpenRegistration(AuthSettings settings) {
        if (!settings.openRegistration()) {
            throw new ApiException(403, "registration_closed", null,
                    "open registration is off (AUTH_OPEN_REGISTRATION); an admin creates users");
        }
    }

    private void create(Context ctx) {
        Body body = Body.of(ctx.bodyAsBytes());
        User user = registrar.register(body.requiredString("email"), password(body),
                body.optionalString("name").orElse(null));
        ctx.status(201).contentType("application/json").result(WebJson.write(WebJson.object()
                .put("user_id", user.id()).put("name", user.name())));
    }

    private void login(Context ctx) {
        Body body = Body.of(ctx.bodyAsBytes());
        Login.Session session = login.login(body.requiredString("email"), password(body), ctx.ip());
        var json = WebJson.object().put("user_id", session.userId()).put("token", session.token())
                .put("expires_at", session.expiresAt().toString());
        json.put("nats_creds", session.natsCreds());
        ctx.contentType("application/json").result(json.toString());
    }

    private void revoke(Context ctx) {
        String user = Access.userId(ctx);
        tokens.revoke(Authenticator.bearer(ctx)).ifPresent(record -> {
            if (record.natsUser() != null) {
                revocations.revoke(record.natsUser(), user);
            }
        });
        ctx.status(204);
    }

    private static String password(Body body) {
        return body.optionalText("password").filter(p -> !p.isEmpty())
                .orElseThrow(() -> ApiException.invalid("password", "is required"));
    }
}
