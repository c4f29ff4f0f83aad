package io.mailmesh.apiemitter.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the creds issuer reads the operator's key files, and what it refuses. */
class NatsCredsIssuerTest {
    @TempDir
    Path dir;

    private AuthSettings settings(Path seed, String account) {
        return AuthSettings.defaults(false).withSigningKey(seed, account);
    }

    @Test
    void givenAnExplicitAccountWhenIssuingThenItIsTheIssuerAccountAndTheValidityIsTheSetting() throws Exception {
        // given
        NKey signing = NKey.createAccount(new SecureRandom());
        NKey account = NKey.createAccount(new SecureRandom());
        Path seed = Files.writeString(dir.resolve("signing.nk"), new String(signing.getSeed()));
        AuthSettings settings = new AuthSettings(false, Duration.ofHours(1), Duration.ofDays(7), seed,
                new String(account.getPublicKey()));
        // when
        NatsCredsIssuer.Issued issued = new NatsCredsIssuer(settings).issue("U1").orElseThrow();
        // then
        String jwt = issued.creds().lines().skip(1).findFirst().orElseThrow();
        JsonNode claims = new ObjectMapper().readTree(JwtUtils.getClaimBody(jwt));
        assertThat(claims.get("iss").textValue()).isEqualTo(new String(signing.getPublicKey()));
        assertThat(claims.get("nats").get("issuer_account").textValue()).isEqualTo(new String(account.getPublicKey()));
        assertThat(claims.get("exp").longValue() - claims.get("iat").longValue()).isEqualTo(7 * 86_400);
        assertThat(claims.get("sub").textValue()).isEqualTo(issued.userPublicKey());
    }

    @Test
    void givenNoSigningKeyWhenIssuingThenThereAreNoCreds() {
        assertThat(new NatsCredsIssuer(AuthSettings.defaults(true)).issue("U1")).isEmpty();
    }

    @Test
    void givenASeedWithoutAccountPubBesideItWhenStartingThenTheReasonNamesTheMissingFile() throws Exception {
        // given
        Path seed = Files.writeString(dir.resolve("signing.nk"),
                new String(NKey.createAccount(new SecureRandom()).getSeed()));
        // then
        assertThatThrownBy(() -> new NatsCredsIssuer(settings(seed, null)))
                .hasMessageContaining("AUTH_ACCOUNT is unset").hasMessageContaining("account.pub");
    }

    @Test
    void givenAUserSeedInsteadOfAnAccountSeedWhenStartingThenItIsRefused() throws Exception {
        // given
        Path seed = Files.writeString(dir.resolve("signing.nk"),
                new String(NKey.createUser(new SecureRandom()).getSeed()));
        // then
        assertThatThrownBy(() -> new NatsCredsIssuer(settings(seed, null)))
                .hasMessageContaining("not an account signing seed");
    }

    @Test
    void givenGarbageInTheSeedFileWhenStartingThenItIsRefused() throws Exception {
        // given
        Path seed = Files.writeString(dir.resolve("signing.nk"), "not a seed");
        // then
        assertThatThrownBy(() -> new NatsCredsIssuer(settings(seed, null))).hasMessageContaining("NKey seed");
    }
}
