package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.mailmesh.apiemitter.web.Access;
import io.mailmesh.apiemitter.web.ApiException;
import java.util.Set;

/**
 * Checks the bearer token of every {@code /api/v2} request except the open ones (registration, login, user
 * creation, the OpenAPI document): admin routes take the configured admin token, every other route a valid,
 * unexpired user token.
 */
@Singleton
public final class Authenticator {
    private static final Set<String> OPEN_POSTS = Set.of("/api/v2/users", "/api/v2/auth/register",
            "/api/v2/auth/login");
    private final TokenStore tokens;
    private final Callers callers;
    private final boolean adminEnabled;

    @Inject
    Authenticator(TokenStore tokens, Callers callers, io.mailmesh.apiemitter.ApiSettings settings) {
        this.tokens = tokens;
        this.callers = callers;
        this.adminEnabled = settings.adminToken() != null && !settings.adminToken().isBlank();
    }

    public void authenticate(Context ctx) {
        String path = ctx.path();
        if (ctx.method() == HandlerType.OPTIONS || path.equals("/api/v2/openapi.json")
                || (ctx.method() == HandlerType.POST && OPEN_POSTS.contains(path))) {
            return;
        }
        String token = bearer(ctx);
        if (path.startsWith("/api/v2/admin/") || path.equals("/api/v2/admin")) {
            if (!adminEnabled) {
                throw new ApiException(403, "forbidden", null, "the admin API is disabled (API_ADMIN_TOKEN unset)");
            }
            if (!callers.isAdmin(token)) {
                throw new ApiException(403, "forbidden", null, "the admin token is required");
            }
            return;
        }
        String user = tokens.userOf(token).orElseThrow(() -> new ApiException(401, "unauthorized", null,
                "the bearer token is not valid or has expired"));
        ctx.attribute(Access.USER_ATTRIBUTE, user);
    }

    /** The bearer token of the Authorization header, or a 401. */
    public static String bearer(Context ctx) {
        String token = bearerOrNull(ctx.header("Authorization"));
        if (token == null) {
            throw new ApiException(401, "unauthorized", null, "an Authorization: Bearer <token> header is required");
        }
        return token;
    }

    /** The token of an {@code Authorization: Bearer <token>} header value, or null. */
    public static String bearerOrNull(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return null;
        }
        return header.substring(7).strip();
    }
}
