package io.mailmesh.mesh.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.delivery.DeadLetters;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.Routes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dead letter the server refuses as written is written again with the mesh's headers alone. */
class DeadLetterFallbackTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aDeadLetterTooLargeWithTheOrdersOwnHeadersIsWrittenWithoutThem() throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            // given an order that, with its own headers, fills the server's max payload but for 480 bytes
            int maxPayload = (int) connection.getServerInfo().getMaxPayload();
            byte[] data = new byte[maxPayload - 1_000];
            Arrays.fill(data, (byte) 'x');
            Headers own = new Headers();
            own.put("X-Padding", "p".repeat(500));
            DeadLetters deadLetters = new DeadLetters(connection, null, "test/1", new SimpleMeterRegistry());
            Subscription letters = connection.subscribe("deadletter." + Routes.KEY_ACTION.subject());
            connection.flush(Duration.ofSeconds(2));

            // when it is dead-lettered with a failure quoting a long hostile text (its header is cut to 512 chars,
            // which no longer fits beside the order's own headers)
            boolean recorded = deadLetters.record(Routes.KEY_ACTION, data, own, new Failure("unknown_order",
                    "keyAction: names order \"" + "\u00e9\r\n".repeat(200) + "\"", false, 400, null), 1, "dl-1");

            // then it is recorded once, without its own headers, the payload whole
            assertThat(recorded).isTrue();
            Message letter = letters.nextMessage(Duration.ofSeconds(5));
            assertThat(letter).isNotNull();
            assertThat(letter.getHeaders().getFirst("X-Padding")).isNull();
            assertThat(letter.getHeaders().getFirst(MeshHeaders.DEAD_ERROR))
                    .startsWith("keyAction: names order \"\\u00E9  \\u00E9").endsWith("...")
                    .hasSizeLessThanOrEqualTo(512);
            assertThat(letter.getData()).isEqualTo(data);
            assertThat(letters.nextMessage(Duration.ofMillis(200))).isNull();
        }
    }
}
