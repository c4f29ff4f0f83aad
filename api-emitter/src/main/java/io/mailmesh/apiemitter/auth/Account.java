package io.mailmesh.apiemitter.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A login: an e-mail (lower case) and its Argon2id password hash, for a user of the store. */
public record Account(@JsonProperty("user_id") String userId, @JsonProperty("email") String email,
                      @JsonProperty("password_hash") String passwordHash) {
}
