package io.mailmesh.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailmesh.examples.echo.IdentifiedEcho;
import io.mailmesh.examples.stream.StreamEcho;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an extension's worker gets from the runtime without asking: retries, dead letters, $SRV, metrics. */
class ExtensionGuaranteesTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void givenAnExtensionsDurableHandlerThatKeepsFailing_whenAnOrderArrives_thenItIsRetriedThenDeadLettered()
            throws Exception {
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        HandlerSet failing = () -> List.of(HandlerBinding.of(ExampleRoutes.STREAM_ECHO, StreamEcho.KIND,
                (order, context) -> {
                    attempts.add(Instant.now());
                    throw OrderFailedException.unavailable("echo_down", "the echo is down", null);
                }));
        try (MeshRuntime worker = MeshApp.start(Clients.config(ExampleRoutes.STREAM_ECHO_WORKER, nats, false),
                Worker.of(failing));
             Connection observer = Nats.connect(nats.url())) {
            worker.get(OrderEmitter.class).publish(ExampleRoutes.STREAM_ECHO, new StreamEcho("r9", "x"));

            Message dead = nextDeadLetter(observer, "deadletter." + ExampleRoutes.STREAM_ECHO.subject());

            assertThat(attempts).hasSize(4); // Clients.config: 4 deliveries at most
            // (the growth of the back-off is mesh-core's DurableDeliveryTest; gaps compared here were load-sensitive)
            assertThat(dead.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE)).isEqualTo("echo_down");
            assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).contains("\"request_id\":\"r9\"");
            assertThat(DurableTopology.streamOf(ExampleRoutes.STREAM_ECHO)).isEqualTo("MESH_ORDERS_EXAMPLES");
        }
    }

    @Test
    void givenAnExtensionWorker_whenAskedThroughSrvAndMetrics_thenItListsAndCountsItsOwnOrders() throws Exception {
        try (MeshRuntime worker = MeshApp.start(Clients.config(ExampleRoutes.ECHO_WORKER, nats, false),
                Worker.of(new IdentifiedEcho()));
             Connection client = Nats.connect(nats.url())) {
            client.request(ExampleRoutes.ECHO.subject(), "{\"order\":\"echo\",\"text\":\"t\"}".getBytes(),
                    Duration.ofSeconds(5));

            JsonNode info = new ObjectMapper().readTree(client.request("$SRV.INFO." + ExampleRoutes.ECHO_WORKER,
                    new byte[0], Duration.ofSeconds(5)).getData());
            String metrics = worker.get(PrometheusMeterRegistry.class).scrape();

            assertThat(info.path("endpoints").get(0).path("metadata").path("orders").asText()).isEqualTo("echo");
            assertThat(metrics).contains("order=\"echo\"").contains("subject=\"exampleEcho\"");
        }
    }

    private static Message nextDeadLetter(Connection connection, String subject) throws Exception {
        JetStreamSubscription sub = connection.jetStream().subscribe(subject,
                PullSubscribeOptions.builder().stream(DurableTopology.DEAD_LETTER_STREAM).build());
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            List<Message> messages = sub.fetch(1, Duration.ofMillis(500));
            if (!messages.isEmpty()) {
                messages.get(0).ack();
                return messages.get(0);
            }
        }
        throw new AssertionError("no dead letter on " + subject);
    }
}
