package io.mailmesh.apiemitter.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What the token bucket keeps for one API token (under the token's SHA-256).
 *
 * @param userId    the token's user
 * @param expiresAt epoch seconds after which the token is refused
 * @param natsUser  public key of the NATS user issued by the same login, or null
 */
public record TokenRecord(@JsonProperty("user_id") String userId, @JsonProperty("expires_at") long expiresAt,
                          @JsonProperty("nats_user") String natsUser) {
    public boolean expiredAt(Instant now) {
        return now.getEpochSecond() >= expiresAt;
    }
}
