package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the bearer token of every {@code /api/v2} request except user creation and the OpenAPI document: admin
 * routes take the configured admin token, every other route a user token.
 */
@Singleton
public final class Authenticator {
    private final TokenStore tokens;
    private final String adminToken;

    @Inject
    Authenticator(TokenStore tokens, ApiSettings settings) {
        this.tokens = tokens;
        this.adminToken = settings.adminToken();
    }

    public void authenticate(Context ctx) {
        String path = ctx.path();
        if (ctx.method() == HandlerType.OPTIONS || path.equals("/api/v2/openapi.json")
                || (ctx.method() == HandlerType.POST && path.equals("/api/v2/users"))) {
            return;
        }
        String token = bearer(ctx);
        if (path.startsWith("/api/v2/admin/") || path.equals("/api/v2/admin")) {
            if (adminToken == null || adminToken.isBlank()) {
                throw new ApiException(403, "forbidden", null, "the admin API is disabled (API_ADMIN_TOKEN unset)");
            }
            if (!MessageDigest.isEqual(adminToken.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "forbidden", null, "the admin token is required");
            }
            return;
        }
        String user = tokens.userOf(token).orElseThrow(() -> new ApiException(401, "unauthorized", null,
                "the bearer token is not valid"));
        ctx.attribute(io.mailmesh.apiemitter.web.Access.USER_ATTRIBUTE, user);
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiException(401, "unauthorized", null, "an Authorization: Bearer <token> header is required");
        }
        return header.substring(7).strip();
    }
}
