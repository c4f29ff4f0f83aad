package io.mailmesh.apiemitter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.store.StoreSettings;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.NKey;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.support.JwtUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registration, login with NATS creds, throttling, token expiry and revocation, on a real nats-server. */
class AuthServiceTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture api;
    static NKey account;
    static Connection observer;

    @BeforeAll
    static void start() throws Exception {
        account = NKey.createAccount(new SecureRandom());
        Path keys = Files.createDirectories(Files.createTempDirectory("nats-auth-").resolve("keys"));
        Path seed = Files.writeString(keys.resolve("account-signing.nk"), new String(account.getSeed()));
        Files.writeString(keys.resolve("account.pub"), new String(account.getPublicKey()) + "\n");
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(2),
                AuthSettings.defaults(true).withSigningKey(seed, null));
        observer = ApiFixture.connect(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        observer.close();
        api.close();
    }

    private static String newEmail() {
        return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static String credentials(String email, String password) {
        return "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}";
    }

    private static Response register(String email, String password) {
        return api.post("/api/v2/auth/register", null, credentials(email, password));
    }

    private static Response login(String email, String password) {
        return api.post("/api/v2/auth/login", null, credentials(email, password));
    }

    @Test
    void givenHostileBodiesWhenRegisteringOrLoggingInThenEachGetsAClearClientErrorAndTheServiceStillServes() {
        // given bodies that are not a plain login
        String huge = "x".repeat(70_000);
        java.util.List<String> hostile = java.util.List.of("", "{", "[]", "\"text\"", "null", "{\"email\": 5}",
                "{\"email\": \"a\\r\\nb@example.org\", \"password\": \"correct horse battery\"}",
                "{\"email\": \"d\u00e9j\u00e0@\u00e9xample.org\", \"password\": \"\\u0000\\u0000\"}",
                "{\"email\": \"" + huge + "@example.org\", \"password\": \"correct horse battery\"}",
                "{\"email\": \"h@example.org\", \"password\": \"" + huge + "\"}",
                "{\"email\": \"n@example.org\", \"password\": {\"a\": [[[[[[[[[[1]]]]]]]]]]}}",
                "\u00ff\u00fe\u0000garbage");
        for (String path : java.util.List.of("/api/v2/auth/register", "/api/v2/auth/login")) {
            for (String body : hostile) {
                // when
                Response answer = api.post(path, null, body);
                // then a 4xx naming the problem, never a 5xx, never a success
                assertThat(answer.status()).as(path + " " + body.substring(0, Math.min(40, body.length())))
                        .isBetween(400, 499);
                assertThat(answer.raw().body()).as(path).isNotBlank().doesNotContain("Exception");
            }
        }
        // and the service still serves
        String email = newEmail();
        assertThat(register(email, "correct horse battery").status()).isEqualTo(201);
        assertThat(login(email, "correct horse battery").status()).isEqualTo(200);
    }

    @Test
    void givenOpenRegistrationWhenAUserRegistersThenTheAnswerIs201WithTheUserId() {
        // when
        Response created = register(newEmail(), "correct horse battery");
        // then
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("user_id").textValue()).isNotBlank();
        assertThat(created.raw().body()).doesNotContain("correct horse");
    }

    @Test
    void givenARegisteredEmailWhenItRegistersAgainInAnyCaseThenTheAnswerIs409() {
        // given
        String email = newEmail();
        register(email, "correct horse battery");
        // when
        Response again = register(email.toUpperCase(), "another good password");
        // then
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void givenABadEmailOrAShortPasswordWhenRegisteringThenTheAnswerIs400NamingTheField() {
        // when
        Response badEmail = register("not-an-address", "correct horse battery");
        Response shortPassword = register(newEmail(), "short");
        // then
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.body().get("field").textValue()).isEqualTo("email");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body().get("field").textValue()).isEqualTo("password");
    }

    @Test
    void givenARegisteredUserWhenLoggingInThenATokenAndNatsCredsScopedToTheUserAreReturned() throws Exception {
        // given
        String email = newEmail();
        String userId = register(email, "correct horse battery").body().get("user_id").textValue();
        // when
        Response session = login(email, "correct horse battery");
        // then the token works
        assertThat(session.status()).isEqualTo(200);
        String token = session.body().get("token").textValue();
        assertThat(api.get("/api/v2/me", token).body().get("id").textValue()).isEqualTo(userId);
        Instant expires = Instant.parse(session.body().get("expires_at").textValue());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        // and the creds are a standard .creds text whose JWT carries exactly the user's permissions
        String creds = session.body().get("nats_creds").textValue();
        Matcher jwt = Pattern.compile("-----BEGIN NATS USER JWT-----\\n(.+)\\n------END NATS USER JWT------")
                .matcher(creds);
        Matcher seed = Pattern.compile("-----BEGIN USER NKEY SEED-----\\n(SU[A-Z0-9]+)\\n------END USER NKEY SEED------")
                .matcher(creds);
        assertThat(jwt.find()).isTrue();
        assertThat(seed.find()).isTrue();
        assertThat(creds).contains("************************* IMPORTANT *************************");
        JsonNode claims = ApiFixture.JSON.readTree(JwtUtils.getClaimBody(jwt.group(1)));
        NKey user = NKey.fromSeed(seed.group(1).toCharArray());
        assertThat(claims.get("sub").textValue()).isEqualTo(new String(user.getPublicKey()));
        assertThat(claims.get("iss").textValue()).isEqualTo(new String(account.getPublicKey()));
        assertThat(claims.get("name").textValue()).isEqualTo(userId);
        JsonNode nats = claims.get("nats");
        assertThat(nats.get("issuer_account").textValue()).isEqualTo(new String(account.getPublicKey()));
        assertThat(nats.get("type").textValue()).isEqualTo("user");
        assertThat(nats.get("pub").get("allow")).extracting(JsonNode::textValue)
                .containsExactly("MESSAGES." + userId, "client." + userId + ".>");
        assertThat(nats.get("sub").get("allow")).extracting(JsonNode::textValue)
                .containsExactly("client." + userId + ".>");
        assertThat(nats.get("pub").has("deny")).isFalse();
        assertThat(nats.get("sub").has("deny")).isFalse();
        assertThat(nats.get("tags").toString()).contains(userId.toLowerCase());
        long days = (claims.get("exp").longValue() - claims.get("iat").longValue()) / 86_400;
        assertThat(days).isEqualTo(180);
    }

    @Test
    void givenAWrongPasswordOrAnUnknownEmailWhenLoggingInThenTheAnswerIs401() {
        // given
        String email = newEmail();
        register(email, "correct horse battery");
        // when
        Response wrong = login(email, "incorrect horse battery");
        Response unknown = login(newEmail(), "correct horse battery");
        // then
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body().get("message").textValue()).isEqualTo(unknown.body().get("message").textValue());
    }

    @Test
    void givenFiveFailedLoginsForAnEmailWhenTheRightPasswordIsTriedThenTheAnswerIs429WithRetryAfter() {
        // given
        String email = newEmail();
        register(email, "correct horse battery");
        for (int i = 0; i < LoginThrottle.FREE_PER_EMAIL; i++) {
            assertThat(login(email, "wrong password " + i).status()).isEqualTo(401);
        }
        // when
        Response throttled = login(email, "correct horse battery");
        // then
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 30L);
    }

    @Test
    void givenALoginWithCredsWhenItsTokenIsRevokedThenTheTokenIsRefusedAndTheNatsUserIsRecordedRevoked()
            throws Exception {
        // given
        String email = newEmail();
        String userId = register(email, "correct horse battery").body().get("user_id").textValue();
        Response session = login(email, "correct horse battery");
        String token = session.body().get("token").textValue();
        Matcher seed = Pattern.compile("-----BEGIN USER NKEY SEED-----\\n(SU[A-Z0-9]+)\\n").matcher(session.body().get("nats_creds").textValue());
        assertThat(seed.find()).isTrue();
        String natsUser = new String(NKey.fromSeed(seed.group(1).toCharArray()).getPublicKey());
        // when
        Response revoked = api.delete("/api/v2/auth/tokens/current", token);
        // then
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.get("/api/v2/me", token).status()).isEqualTo(401);
        KeyValue bucket = observer.keyValue(api.runtime.get(StoreSettings.class).bucketPrefix() + "nats_revocations");
        KeyValueEntry entry = bucket.get(natsUser);
        JsonNode value = ApiFixture.JSON.readTree(new String(entry.getValue(), StandardCharsets.UTF_8));
        assertThat(value.get("user_id").textValue()).isEqualTo(userId);
        assertThat(value.get("revoked_at").longValue()).isBetween(Instant.now().getEpochSecond() - 60,
                Instant.now().getEpochSecond());
    }

    @Test
    void givenClosedRegistrationAndAShortTokenTtlWhenTheAdminCreatesAUserThenItLogsInAndItsTokenExpires()
            throws Exception {
        try (ApiFixture closed = ApiFixture.start(nats.url(), null, Duration.ofSeconds(2),
                AuthSettings.defaults(false).withTokenTtl(Duration.ofMillis(1)))) {
            // given
            String email = newEmail();
            assertThat(closed.post("/api/v2/auth/register", null, credentials(email, "correct horse battery"))
                    .status()).isEqualTo(403);
            assertThat(closed.post("/api/v2/users", null, "{\"name\": \"x\"}").status()).isEqualTo(403);
            assertThat(closed.post("/api/v2/admin/users", null, credentials(email, "correct horse battery"))
                    .status()).isEqualTo(401);
            Response created = closed.post("/api/v2/admin/users", ApiFixture.ADMIN_TOKEN,
                    credentials(email, "correct horse battery"));
            assertThat(created.status()).isEqualTo(201);
            // when
            Response session = closed.post("/api/v2/auth/login", null, credentials(email, "correct horse battery"));
            // then: no signing key, so no creds; the token is refused once expired
            assertThat(session.status()).isEqualTo(200);
            assertThat(session.body().get("nats_creds").isNull()).isTrue();
            String token = session.body().get("token").textValue();
            ApiFixture.await(Duration.ofSeconds(5), "the token to expire",
                    () -> closed.get("/api/v2/me", token).status() == 401);
            assertThat(closed.get("/api/v2/me", token).body().get("message").textValue()).contains("expired");
        }
    }
}
