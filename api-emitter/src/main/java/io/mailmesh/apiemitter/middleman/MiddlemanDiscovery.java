package io.mailmesh.apiemitter.middleman;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.discovery.MicroServiceResponder;
import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.mesh.security.MeshGrants;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Instant;
import java.util.List;

/**
 * Answers {@code $SRV} discovery as the service {@code middleman} (one per api-emitter instance), so
 * {@code nats micro ls|info|stats middleman} shows its two bridged subjects and, in each endpoint's stats
 * {@code data}, the connections (service, client), subscriptions, frames received, messages delivered, error frames
 * and slow consumers of the instance.
 */
@Singleton
final class MiddlemanDiscovery implements Lifecycle {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VERBS = List.of("PING", "INFO", "STATS");
    private final Connection connection;
    private final MiddlemanMetrics metrics;
    private final String id;
    private final Instant started = Instant.now();
    private Dispatcher dispatcher;

    @Inject
    MiddlemanDiscovery(Connection connection, MiddlemanMetrics metrics, MeshConfig config) {
        this.connection = connection;
        this.metrics = metrics;
        this.id = config.instanceId();
    }

    @Override
    public void start() {
        dispatcher = connection.createDispatcher(this::answer);
        String name = MeshGrants.MIDDLEMAN;
        for (String verb : VERBS) {
            dispatcher.subscribe("$SRV." + verb);
            dispatcher.subscribe("$SRV." + verb + "." + name);
            dispatcher.subscribe("$SRV." + verb + "." + name + "." + id);
        }
    }

    @Override
    public void stop() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
        }
    }

    @Override
    public boolean isReady() {
        return dispatcher != null;
    }

    private void answer(Message message) {
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
        node.put("type", type).put("name", MeshGrants.MIDDLEMAN).put("id", id)
                .put("version", MicroServiceResponder.VERSION);
        node.putObject("metadata").put("protocol", "middleman (seed 003)").put("path", MiddlemanRoutes.PATH);
        return node;
    }

    private ObjectNode info() {
        ObjectNode node = identity("io.nats.micro.v1.info_response");
        node.put("description", "middleman WebSocket protocol bridged to NATS");
        var endpoints = node.putArray("endpoints");
        endpoints.addObject().put("name", "pub").put("subject", Subjects.PUB + ">");
        endpoints.addObject().put("name", "req").put("subject", Subjects.REQ + ">")
                .put("queue_group", Subjects.QUEUE);
        return node;
    }

    private ObjectNode stats() {
        ObjectNode node = identity("io.nats.micro.v1.stats_response");
        node.put("started", started.toString());
        var endpoint = node.putArray("endpoints").addObject();
        endpoint.put("name", "middleman").put("subject", MeshGrants.MIDDLEMAN + ".>")
                .put("num_requests", metrics.received()).put("num_errors", metrics.errors()).put("last_error", "")
                .put("processing_time", 0).put("average_processing_time", 0);
        ObjectNode data = endpoint.putObject("data");
        data.put("service_connections", metrics.connections(Role.SERVICE))
                .put("client_connections", metrics.connections(Role.CLIENT))
                .put("subscriptions", metrics.subscriptions())
                .put("frames_received", metrics.received())
                .put("messages_delivered", metrics.delivered())
                .put("error_frames", metrics.errors())
                .put("slow_consumers", metrics.slowConsumers());
        return node;
    }
}
