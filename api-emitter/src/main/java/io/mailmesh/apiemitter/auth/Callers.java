package io.mailmesh.apiemitter.auth;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.apiemitter.web.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Who a bearer token stands for: the admin (API_ADMIN_TOKEN, compared in constant time) or a user's API token. */
@Singleton
public final class Callers {
    private final TokenStore tokens;
    private final String adminToken;

    @Inject
    Callers(TokenStore tokens, ApiSettings settings) {
        this.tokens = tokens;
        this.adminToken = settings.adminToken();
    }

    public Optional<Caller> of(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (isAdmin(token)) {
            return Optional.of(Caller.ADMIN);
        }
        return tokens.userOf(token).map(Caller::user);
    }

    public boolean isAdmin(String token) {
        return adminToken != null && !adminToken.isBlank() && token != null && MessageDigest.isEqual(
                adminToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
