package io.mailmesh.mesh.hostile;

import io.mailmesh.mesh.delivery.DurableTopology;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads dead letters from MESH_DEADLETTER, polling with a deadline. */
final class DeadLetterReader {
    private DeadLetterReader() {
    }

    /** Fetches dead letters on {@code subject} (wildcards allowed) until {@code count} came or the deadline passed. */
    static List<Message> await(Connection connection, String subject, int count, Duration timeout) throws Exception {
        JetStreamSubscription sub = connection.jetStream().subscribe(subject,
                PullSubscribeOptions.builder().stream(DurableTopology.DEAD_LETTER_STREAM).build());
        List<Message> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (found.size() < count && Instant.now().isBefore(deadline)) {
            for (Message message : sub.fetch(count - found.size(), Duration.ofMillis(500))) {
                message.ack();
                found.add(message);
            }
        }
        sub.unsubscribe();
        return found;
    }
}
