package io.mailmesh.identitiesworker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every message published on some subjects, seen through a plain core subscription of the test. */
public final class Captured implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /**
     * One captured message.
     *
     * @param subject   where it was published
     * @param order     the {@code order} key
     * @param remoteId  the {@code remote_id} key (or {@code identity_id})
     * @param userId    the {@code user_id} key
     * @param messageId its {@code Nats-Msg-Id}
     * @param headers   the error headers of a dead letter ({@code Mesh-Error-Code}), or null
     * @param atMillis  when the test received it
     */
    public record Seen(String subject, String order, String remoteId, String userId, String messageId,
                       String headers, long atMillis) {
        /** The slot number of a sync, from its message id {@code sync.<identity>.<interval>.<slot>}. */
        public long slot() {
            return Long.parseLong(messageId.substring(messageId.lastIndexOf('.') + 1));
        }
    }

    public Captured(Connection connection, String... subjects) throws InterruptedException {
        this.connection = connection;
        this.dispatcher = connection.createDispatcher(this::record);
        for (String subject : subjects) {
            dispatcher.subscribe(subject);
        }
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Message m) {
        long at = System.currentTimeMillis();
        try {
            JsonNode node = JSON.readTree(m.getData());
            String remote = node.path("remote_id").isTextual() ? node.get("remote_id").asText()
                    : node.path("identity_id").asText(null);
            seen.add(new Seen(m.getSubject(), node.path("order").asText(null), remote, node.path("user_id")
                    .asText(null), m.getHeaders() == null ? null : m.getHeaders().getFirst(MeshHeaders.MSG_ID),
                    m.getHeaders() == null ? null : m.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE), at));
        } catch (IOException e) {
            seen.add(new Seen(m.getSubject(), null, null, null, null, null, at));
        }
    }

    public List<Seen> all() {
        return List.copyOf(seen);
    }

    public List<Seen> matching(Predicate<Seen> filter) {
        return seen.stream().filter(filter).toList();
    }

    /** Waits until at least {@code count} captured messages match; returns them (possibly fewer on timeout). */
    public List<Seen> await(Predicate<Seen> filter, int count, Duration timeout) throws InterruptedException {
        TestMesh.eventually(timeout, () -> matching(filter).size() >= count);
        return matching(filter);
    }

    public static Predicate<Seen> order(String subject, String order, String remoteId) {
        return s -> subject.equals(s.subject()) && order.equals(s.order()) && remoteId.equals(s.remoteId());
    }

    @Override
    public void close() {
        connection.closeDispatcher(dispatcher);
    }
}
