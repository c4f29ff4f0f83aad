package io.mailmesh.apiemitter;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain NATS subscriber on a real subject, collecting payloads as JSON. */
public final class Subscriber implements AutoCloseable {
    private final Connection connection;
    private final Dispatcher dispatcher;
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

    public Subscriber(Connection connection, String subject) throws InterruptedException {
        this.connection = connection;
        this.dispatcher = connection.createDispatcher(message -> {
            try {
                received.add(ApiFixture.JSON.readTree(message.getData()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        dispatcher.subscribe(subject);
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next payload, or an assertion error after the timeout. */
    public JsonNode next() throws InterruptedException {
        JsonNode node = received.poll(10, TimeUnit.SECONDS);
        if (node == null) {
            throw new AssertionError("no message arrived in 10 s");
        }
        return node;
    }

    /** Whatever arrived within {@code wait}, or null. */
    public JsonNode poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        connection.closeDispatcher(dispatcher);
    }
}
