package io.mailmesh.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.examples.stream.Outbox;
import io.mailmesh.examples.stream.StreamEcho;
import io.mailmesh.orders.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void givenAKeptOrderThatNoLongerDecodes_whenFlushed_thenItIsSetAsideAndTheOthersAreSent() throws Exception {
        Outbox outbox = new Outbox(dir, ExampleRoutes.STREAM_ECHO);
        outbox.keep("a", new StreamEcho("a", "first"));
        outbox.keep("b", new StreamEcho("b", "second"));
        Files.write(dir.resolve("a.json"), "{\"order\":\"stream_echo\",\"text\":\u00ff".getBytes("ISO-8859-1"));
        List<Order> sent = new ArrayList<>();

        int count = outbox.flush((id, order) -> sent.add(order));

        assertThat(count).isEqualTo(1);
        assertThat(sent).containsExactly(new StreamEcho("b", "second"));
        assertThat(outbox.size()).isZero();
        assertThat(outbox.rejected()).isEqualTo(1);
    }

    @Test
    void givenAPublishThatFails_whenFlushed_thenTheOrderStaysForTheNextFlush() {
        Outbox outbox = new Outbox(dir, ExampleRoutes.STREAM_ECHO);
        outbox.keep("c", new StreamEcho("c", "kept"));

        assertThatThrownBy(() -> outbox.flush((id, order) -> {
            throw new IllegalStateException("NATS is down");
        })).hasMessage("NATS is down");

        assertThat(outbox.size()).isEqualTo(1);
    }
}
