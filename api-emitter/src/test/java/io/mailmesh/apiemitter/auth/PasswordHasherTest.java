package io.mailmesh.apiemitter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Argon2id hashes in the PHC string format. */
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void givenAHashWhenTheSamePasswordIsVerifiedThenItMatchesAndAnotherDoesNot() {
        // given
        String hash = hasher.hash("correct horse battery");
        // then
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
    }

    @Test
    void givenTheSamePasswordTwiceWhenHashedThenTheSaltsDiffer() {
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hasher.hash("correct horse battery"));
    }

    @Test
    void givenAMalformedStoredHashWhenVerifyingThenItDoesNotMatch() {
        assertThat(hasher.verify("x", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$q=1$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("x", "plain")).isFalse();
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verifyDummy("anything")).isFalse();
    }
}
