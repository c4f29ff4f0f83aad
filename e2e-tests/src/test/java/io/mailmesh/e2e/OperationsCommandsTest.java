package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code nats req} and {@code nats pub} commands of OPERATIONS.md, sent exactly as written (placeholders
 * filled with ids the mesh does not know) with a plain NATS client to the six executables running as processes:
 * every request gets one reply of the documented shape, every publish reaches the worker serving its route.
 */
class OperationsCommandsTest {
    private static final Pattern COMMAND = Pattern.compile("^nats (req|pub) (?:-H \\S+ )?(\\S+)\\s+'(\\{.*?\\})'",
            Pattern.MULTILINE);

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    @RegisterExtension
    static GreenMailExtension mail = DevMailServer.perClass();
    static MeshProcesses mesh;
    static Connection client;

    private record Command(String kind, String subject, String payload) {
    }

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = new MeshProcesses("OperationsCommandsTest", nats.url(), "redis://127.0.0.1:" + redis.port(),
                mail.getSmtp().getPort());
        mesh.startAll(Duration.ofSeconds(60));
        client = Nats.connect(nats.url());
    }

    @AfterAll
    static void stopMesh() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void everyDocumentedRequestGetsOneReplyOfTheDocumentedShape() throws Exception {
        // given the documented requests
        List<Command> requests = commands().stream().filter(c -> c.kind().equals("req")).toList();
        assertThat(requests).extracting(Command::subject)
                .contains("outboundSMTP", "outboundIMAP", "twitter_dm", "inboundSMTP", "inboundTwitter");
        for (Command request : requests) {
            // when one is sent as written
            Message reply = client.request(request.subject(), filled(request.payload()), Duration.ofSeconds(15));

            // then it is answered: an error for ids nobody knows, with its code and the service error headers
            assertThat(reply).as("reply to " + request).isNotNull();
            JsonNode json = MeshApi.JSON.readTree(reply.getData());
            assertThat(json.path("error").isBoolean()).as(request + " -> " + json).isTrue();
            assertThat(json.path("message").isTextual()).as(request + " -> " + json).isTrue();
            assertThat(json.path("error").asBoolean()).as(request + " -> " + json).isTrue();
            assertThat(json.path("code").asText()).as(request + " -> " + json).isNotBlank();
            assertThat(reply.getHeaders()).as(request + " headers").isNotNull();
            assertThat(reply.getHeaders().getFirst("Nats-Service-Error-Code")).isNotBlank();
        }
    }

    @Test
    void everyDocumentedPublishReachesTheWorkerOfItsRoute() throws Exception {
        // given the documented publishes
        List<Command> publishes = commands().stream().filter(c -> c.kind().equals("pub")).toList();
        assertThat(publishes).extracting(Command::subject).contains("IMAPfetcher", "twitter_dm", "imap_worker",
                "twitter_worker", "identitiesWorker", "contactAction", "keyAction");
        for (Command publish : publishes) {
            long before = handled(publish.subject());

            // when one is published as written
            client.publish(publish.subject(), filled(publish.payload()));

            // then the worker serving the route counts it (handled, or failed and dead-lettered)
            Deadline.await(publish + " handled by a worker", Duration.ofSeconds(20),
                    () -> Optional.of(handled(publish.subject())).filter(n -> n > before));
        }
    }

    /** Orders the services' $SRV stats count on endpoints of {@code subject}, over every executable. */
    private static long handled(String subject) {
        long total = 0;
        for (String service : MeshProcesses.EXECUTABLES) {
            try {
                Message stats = client.request("$SRV.STATS." + service, new byte[0], Duration.ofSeconds(5));
                if (stats == null) {
                    throw new IllegalStateException("no $SRV.STATS answer from " + service);
                }
                for (JsonNode endpoint : MeshApi.JSON.readTree(stats.getData()).path("endpoints")) {
                    if (subject.equals(endpoint.path("subject").asText())) {
                        total += endpoint.path("num_requests").asLong() + endpoint.path("num_errors").asLong();
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    private static List<Command> commands() throws java.io.IOException {
        String text = Files.readString(Path.of("..", "OPERATIONS.md"));
        List<Command> commands = new ArrayList<>();
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            commands.add(new Command(m.group(1), m.group(2), m.group(3)));
        }
        return commands;
    }

    private static byte[] filled(String payload) {
        return payload.replaceAll("<[^>\"]+>", UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
    }
}
