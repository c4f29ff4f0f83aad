package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.gateway.RedisIngress;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The Redis ingress loses nothing it took, and says so on /readyz when it cannot take anything. */
class RedisIngressTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    static final String PROCESSING = RedisIngress.processingListOf(ApiSettings.INGRESS);

    static String contactUpdate(String contactId) {
        return "{\"topic\": \"contactAction\", \"order\": \"contact_update\", \"contact_id\": \"" + contactId
                + "\", \"user_id\": \"u1\"}";
    }

    ApiFixture startApi() throws Exception {
        return ApiFixture.start(nats.url(), "redis://127.0.0.1:" + redis.port(), Duration.ofSeconds(1));
    }

    @Test
    void givenAnEntryLeftInTheProcessingListByACrashWhenTheGatewayStartsThenItIsDeliveredAndNothingStaysInFlight()
            throws Exception {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port()); Connection client = ApiFixture.connect(nats.url());
             Subscriber orders = new Subscriber(client, "contactAction")) {
            // given: moved out of MESSAGES, then the gateway died before publishing it
            jedis.lpush(PROCESSING, contactUpdate("c-left-by-crash"));
            // when
            try (ApiFixture api = startApi()) {
                // then
                assertThat(orders.next().get("contact_id").textValue()).isEqualTo("c-left-by-crash");
                jedis.rpush(ApiSettings.INGRESS, contactUpdate("c-normal"));
                assertThat(orders.next().get("contact_id").textValue()).isEqualTo("c-normal");
                ApiFixture.await(Duration.ofSeconds(10), "an empty processing list",
                        () -> jedis.llen(PROCESSING) == 0 && jedis.llen(ApiSettings.INGRESS) == 0);
            }
        }
    }

    @Test
    void givenRedisStoppedThenReadyzSays503UntilRedisIsBackAndTheIngressTakesEntriesAgain() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ApiFixture api = startApi(); Connection client = ApiFixture.connect(nats.url());
             Subscriber orders = new Subscriber(client, "contactAction")) {
            URI readyz = URI.create("http://127.0.0.1:" + api.runtime.managementPort() + "/readyz");
            ApiFixture.await(Duration.ofSeconds(10), "ready", () -> status(http, readyz) == 200);
            // when
            redis.server().stop();
            // then
            ApiFixture.await(Duration.ofSeconds(20), "not ready without Redis", () -> status(http, readyz) == 503);
            redis.server().start();
            ApiFixture.await(Duration.ofSeconds(30), "ready again", () -> status(http, readyz) == 200);
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                jedis.rpush(ApiSettings.INGRESS, contactUpdate("c-after-restart"));
            }
            assertThat(orders.next().get("contact_id").textValue()).isEqualTo("c-after-restart");
        }
    }

    static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
