package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Nothing accepted is lost: Redis down spools the audit log; NATS down keeps messages in the outbox. */
class GatewayOutageTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    static ApiFixture api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), "redis://127.0.0.1:" + redis.port(), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String order(String topic, String contactId) {
        return "{\"topic\": \"" + topic + "\", \"order\": \"" + (topic.equals("contactAction") ? "contact_update"
                : "discover_key") + "\", \"contact_id\": \"" + contactId + "\", \"user_id\": \"u1\"}";
    }

    @Test
    void redisStoppedDuring1000IngestedMessagesLeavesACompleteLogOnceItIsBack() {
        // given
        Set<String> ids = new HashSet<>();
        // when
        for (int i = 0; i < 1000; i++) {
            if (i == 300) {
                redis.server().stop();
            }
            if (i == 700) {
                redis.server().start();
            }
            Response ack = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, order("contactAction", "redis-" + i));
            assertThat(ack.status()).isEqualTo(202);
            ids.add(ack.body().get("id").textValue());
        }
        // then
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            ApiFixture.await(Duration.ofSeconds(60), "every accepted message in the log", () -> {
                List<String> log = jedis.lrange("MESSAGES:log", 0, -1);
                Set<String> logged = new HashSet<>();
                log.forEach(line -> logged.add(line.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1")));
                return logged.containsAll(ids);
            });
        }
    }

    @Test
    void natsStoppedDuring1000PostsDeliversAll1000OnceEachAfterItIsBack() throws Exception {
        // given
        nats.server().stop();
        // when
        for (int i = 0; i < 1000; i++) {
            Response ack = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, order("keyAction", "nats-" + i));
            assertThat(ack.status()).isEqualTo(202);
        }
        nats.server().start();
        // then
        try (Connection observer = ApiFixture.connect(nats.url())) {
            JetStreamSubscription sub = observer.jetStream().subscribe("keyAction", PullSubscribeOptions.builder()
                    .stream(DurableTopology.ORDERS_STREAM).configuration(ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.All).build()).build());
            Set<String> contacts = new HashSet<>();
            int[] total = {0};
            ApiFixture.await(Duration.ofSeconds(60), "1000 orders in the stream", () -> {
                for (Message message : sub.fetch(500, Duration.ofMillis(200))) {
                    total[0]++;
                    contacts.add(new String(message.getData()).replaceAll(".*\"contact_id\":\"([^\"]+)\".*", "$1"));
                }
                return contacts.size() >= 1000;
            });
            total[0] += sub.fetch(500, Duration.ofMillis(500)).size();
            assertThat(contacts).hasSize(1000);
            assertThat(total[0]).isEqualTo(1000);
        }
    }
}
