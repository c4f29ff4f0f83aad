package io.mailmesh.mesh.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailmesh.orders.OrderKind;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the NATS micro service discovery protocol ({@code $SRV.PING}, {@code $SRV.INFO}, {@code $SRV.STATS}, each
 * also by name and by name and id), so {@code nats micro ls|info|stats} lists every endpoint of this executable with
 * its real subject and queue group, durable ones included.
 */
public final class MicroServiceResponder {
    public static final String VERSION = "0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VERBS = List.of("PING", "INFO", "STATS");
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(MicroServiceResponder.class);

    private final Connection connection;
    private final String name;
    private final String id;
    private final List<EndpointStats> endpoints;
    private final List<ServedEndpoint> served;
    private final Instant started = Instant.now();
    private Dispatcher dispatcher;

    public MicroServiceResponder(Connection connection, String name, String id, List<EndpointStats> endpoints) {
        this(connection, name, id, endpoints, List.of());
    }

    /** With {@code served}: endpoints outside the route table, listed after the routes. */
    public MicroServiceResponder(Connection connection, String name, String id, List<EndpointStats> endpoints,
                                 List<ServedEndpoint> served) {
        this.connection = connection;
        this.name = name;
        this.id = id;
        this.endpoints = List.copyOf(endpoints);
        this.served = List.copyOf(served);
    }

    public void start() {
        dispatcher = connection.createDispatcher(this::onMessage);
        for (String verb : VERBS) {
            dispatcher.subscribe("$SRV." + verb);
            dispatcher.subscribe("$SRV." + verb + "." + name);
            dispatcher.subscribe("$SRV." + verb + "." + name + "." + id);
        }
        // the executable is discoverable once started: the interest reaches the server before start returns (a
        // request racing it would otherwise find no responder)
        try {
            connection.flush(FLUSH_TIMEOUT);
        } catch (TimeoutException | IllegalStateException e) {
            LOG.debug("$SRV subscriptions not confirmed by NATS yet ({}); they are sent on reconnect",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
        }
    }

    private void onMessage(Message message) {
        if (message.getReplyTo() == null) {
            return;
        }
        String verb = message.getSubject().split("\\.")[1];
        ObjectNode body = switch (verb) {
            case "PING" -> identity("io.nats.micro.v1.ping_response");
            case "INFO" -> info();
            default -> stats();
        };
        try {
            connection.publish(message.getReplyTo(), JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode identity(String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("name", name);
        node.put("id", id);
        node.put("version", VERSION);
        node.putObject("metadata");
        return node;
    }

    private ObjectNode info() {
        ObjectNode node = identity("io.nats.micro.v1.info_response");
        node.put("description", "mailmesh " + name);
        ArrayNode list = node.putArray("endpoints");
        for (EndpointStats endpoint : endpoints) {
            ObjectNode e = list.addObject();
            e.put("name", endpoint.route().subject());
            e.put("subject", endpoint.route().subject());
            e.put("queue_group", endpoint.route().queueGroup());
            ObjectNode metadata = e.putObject("metadata");
            metadata.put("mode", endpoint.route().mode().name().toLowerCase());
            metadata.put("orders", endpoint.route().kinds().stream().map(OrderKind::wireName).sorted()
                    .collect(Collectors.joining(",")));
        }
        for (ServedEndpoint endpoint : served) {
            ObjectNode e = list.addObject();
            e.put("name", endpoint.name());
            e.put("subject", endpoint.subject());
            ObjectNode metadata = e.putObject("metadata");
            endpoint.metadata().forEach(metadata::put);
        }
        return node;
    }

    private ObjectNode stats() {
        ObjectNode node = identity("io.nats.micro.v1.stats_response");
        node.put("started", started.toString());
        ArrayNode list = node.putArray("endpoints");
        for (EndpointStats endpoint : endpoints) {
            ObjectNode e = list.addObject();
            e.put("name", endpoint.route().subject());
            e.put("subject", endpoint.route().subject());
            e.put("queue_group", endpoint.route().queueGroup());
            long requests = endpoint.requests();
            e.put("num_requests", requests);
            e.put("num_errors", endpoint.errors());
            e.put("last_error", endpoint.lastError());
            e.put("processing_time", endpoint.processingNanos());
            e.put("average_processing_time", requests == 0 ? 0 : endpoint.processingNanos() / requests);
        }
        for (ServedEndpoint endpoint : served) {
            ObjectNode e = list.addObject();
            e.put("name", endpoint.name());
            e.put("subject", endpoint.subject());
            e.put("num_requests", endpoint.requests());
            e.put("num_errors", endpoint.errors());
            e.put("last_error", "");
            e.put("processing_time", 0);
            e.put("average_processing_time", 0);
            ObjectNode data = e.putObject("data");
            endpoint.data().forEach(data::put);
        }
        return node;
    }
}
