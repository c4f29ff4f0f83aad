package io.mailmesh.apiemitter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.apiemitter.auth.AuthSettings;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-caller rate limits on the REST API and the gateway's HTTP /MESSAGES, on a running api-emitter. */
class RateLimitTest {
    /** A burst of 5, then one request per 100 s: nothing refills while a test runs. */
    private static final RateLimits LIMITS = new RateLimits(0.01, 5);

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = ApiFixture.start(nats.url(), null, Duration.ofSeconds(1), AuthSettings.defaults(true),
                ApiFixture.TEST_IDENTITIES, LIMITS);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void givenATokenOverItsBurst_whenCallingTheApi_then429WithRetryAfter_andAnotherTokenIsUnaffected() {
        String alice = api.newUserToken("alice");
        String bob = api.newUserToken("bob");
        for (int i = 0; i < LIMITS.burst(); i++) {
            assertThat(api.get("/api/v2/me", alice).status()).isEqualTo(200);
        }

        Response refused = api.get("/api/v2/me", alice);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("100");
        assertThat(refused.body().get("error").textValue()).isEqualTo("rate_limited");
        assertThat(refused.body().get("message").textValue()).contains("retry after 100 s");
        assertThat(api.get("/api/v2/me", bob).status()).isEqualTo(200);
    }

    @Test
    void givenATokenOverItsBurst_whenPostingToTheGateway_then429() {
        String token = api.newUserToken("carol");
        String order = "{\"topic\": \"contactAction\", \"order\": \"contact_update\", \"contact_id\": \"c1\"}";
        for (int i = 0; i < LIMITS.burst(); i++) {
            assertThat(api.post("/MESSAGES", token, order).status()).isNotEqualTo(429);
        }

        Response refused = api.post("/MESSAGES", token, order);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("100");
        assertThat(api.get("/api/v2/me", api.newUserToken("dave")).status()).isEqualTo(200);
    }

    @Test
    void givenNoToken_whenAnOpenRouteIsCalledBeyondTheBurst_thenTheClientIpIsLimited() {
        for (int i = 0; i < LIMITS.burst(); i++) {
            assertThat(api.get("/api/v2/openapi.json", null).status()).isEqualTo(200);
        }

        Response refused = api.get("/api/v2/openapi.json", null);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
    }

    @Test
    void givenAnEmptiedBucket_whenTimePasses_thenItRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(new RateLimits(2, 2), 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(1);

        assertThat(bucket.take(500_000_000L)).as("half a second at 2/s is one request").isZero();
        assertThat(bucket.take(500_000_000L)).isEqualTo(1);
    }

    @Test
    void givenTheEnvironment_whenReadingLimits_thenDefaultsOverridesAndOff() {
        assertThat(RateLimits.from(Map.of())).isEqualTo(new RateLimits(50, 100));
        assertThat(RateLimits.from(Map.of("API_RATE_LIMIT", "2.5", "API_RATE_BURST", "10")))
                .isEqualTo(new RateLimits(2.5, 10));
        assertThat(RateLimits.from(Map.of("API_RATE_LIMIT", "0")).enabled()).isFalse();
    }
}
