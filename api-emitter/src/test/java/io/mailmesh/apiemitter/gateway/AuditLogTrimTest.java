package io.mailmesh.apiemitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.mesh.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The audit log and the rejected list keep only their newest lines, so a flood cannot fill Redis. */
class AuditLogTrimTest {
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    @Test
    void givenSmallBoundsWhenManyLinesArePushedThenEachListKeepsOnlyItsNewestLines() throws Exception {
        // given
        ApiSettings settings = new ApiSettings(0, null, Duration.ofSeconds(1), Set.of(),
                "redis://127.0.0.1:" + redis.port(), "TRIM:log", "TRIM:rejected", ApiSettings.INGRESS,
                Files.createTempDirectory("audit-trim-"), 10, 1024, 3, 2);
        AuditLog audit = new AuditLog(settings);
        audit.start();
        try {
            // when
            for (int i = 0; i < 10; i++) {
                audit.append(new AuditEntry("id-" + i, "http", Instant.now(), "contactAction",
                        "{}".getBytes(StandardCharsets.UTF_8)));
                audit.rejected("redis", "raw-" + i, "reason " + i);
            }
        } finally {
            audit.stop();
        }
        // then
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            List<String> log = jedis.lrange("TRIM:log", 0, -1);
            List<String> rejected = jedis.lrange("TRIM:rejected", 0, -1);
            assertThat(log).hasSize(3);
            assertThat(log.get(0)).contains("\"id\":\"id-7\"");
            assertThat(log.get(2)).contains("\"id\":\"id-9\"");
            assertThat(rejected).hasSize(2);
            assertThat(rejected.get(0)).contains("raw-8");
            assertThat(rejected.get(1)).contains("raw-9");
        }
    }
}
