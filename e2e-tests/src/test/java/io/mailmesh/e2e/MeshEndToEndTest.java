package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The six executables as separate processes against one nats-server in operator mode (each with the
 * least-privilege credentials {@code nats-auth init} generated for it), redis and an in-process GreenMail (real
 * sockets): the demo scenario, and inbound mail while mq-worker is killed and restarted.
 */
class MeshEndToEndTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    @RegisterExtension
    static GreenMailExtension mail = DevMailServer.perClass();
    static MeshProcesses mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mail.setUser("demo@mailmesh.test", "demo", "demo-secret");
        mesh = new MeshProcesses("MeshEndToEndTest", nats.url(), "redis://127.0.0.1:" + redis.port(),
                mail.getSmtp().getPort(), nats::creds);
        mesh.startAll(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void demoScenarioSendsThroughTheRelayAndImportsTheImapMail() throws Exception {
        // given
        DemoScenario.Settings settings = new DemoScenario.Settings(mesh.apiUrl(), "127.0.0.1",
                mail.getImap().getPort(), "127.0.0.1", mail.getSmtp().getPort(), "demo", "demo-secret",
                "demo@mailmesh.test", 2, Duration.ofSeconds(60));

        // when
        DemoScenario.Outcome outcome = new DemoScenario(settings, line -> { }).run();

        // then the draft crossed outboundSMTP to the relay and is no longer a draft
        assertThat(outcome.sendReply().path("draft").asBoolean(true)).isFalse();
        MimeMessage relayed = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> subjectOf(m).startsWith("hello from the demo")).findFirst().orElseThrow();
        assertThat(relayed.getAllRecipients()[0].toString()).startsWith("bob-").endsWith("@example.org");
        // and the mail put into the IMAP account was synced and imported as a received message
        assertThat(outcome.inbound().path("received").asBoolean()).isTrue();
        assertThat(outcome.inbound().path("draft").asBoolean()).isFalse();
        assertThat(outcome.messages()).extracting(m -> m.path("subject").asText())
                .containsExactlyInAnyOrder(outcome.inboundSubject(), relayed.getSubject());
        assertThat(outcome.contactId()).isNotBlank();
    }

    @Test
    void aFailingImapAccountBacksOffFromItsConfiguredIntervalAndGetsItBackOnceItWorks() throws Exception {
        // given: an IMAP identity polled every 2 units (seconds in this mesh) whose password the server refuses
        String run = UUID.randomUUID().toString().substring(0, 8);
        mail.setUser("backoff-" + run + "@mailmesh.test", "backoff-" + run, "right-" + run);
        MeshApi api = new MeshApi(mesh.apiUrl()).asNewUser("backoff-" + run);
        Map<String, Object> incoming = Map.of("host", "127.0.0.1", "port", mail.getImap().getPort(),
                "security", "none", "username", "backoff-" + run);
        String id = api.post("/api/v2/identities/remotes", Map.of("protocol", "imap",
                "address", "backoff-" + run + "@mailmesh.test", "poll_interval", 2, "incoming", incoming,
                "credentials", Map.of("password", "wrong"))).path("id").asText();
        String path = "/api/v2/identities/remotes/" + id;

        // when the polls fail: imap-bridge asks for a back-off, identities-worker keeps it apart; the back-off is
        // the configured interval doubled once per failure, never compounded on itself
        JsonNode backingOff = Deadline.await("a back-off of 2 x 2^failures after two failures",
                Duration.ofSeconds(90), () -> {
                    JsonNode identity = api.get(path);
                    JsonNode state = identity.path("sync_state");
                    int errors = state.path("error_count").asInt();
                    return errors >= 2 && state.path("backoff_minutes").asInt() == Math.min(4320, 2 << errors)
                            ? Optional.of(identity) : Optional.empty();
                });

        // then the configured interval is untouched
        assertThat(backingOff.path("poll_interval_minutes").asInt()).isEqualTo(2);

        // when the user fixes the password: the next poll (at the back-off) succeeds
        api.patch(path, Map.of("credentials", Map.of("password", "right-" + run)));

        // then the back-off ends and the configured interval is back
        JsonNode recovered = Deadline.await("the back-off cleared by a successful sync", Duration.ofSeconds(90),
                () -> {
                    JsonNode identity = api.get(path);
                    JsonNode state = identity.path("sync_state");
                    return state.path("error_count").asInt() == 0 && state.path("backoff_minutes").asInt() == 0
                            && state.hasNonNull("last_sync") ? Optional.of(identity) : Optional.empty();
                });
        assertThat(recovered.path("poll_interval_minutes").asInt()).isEqualTo(2);
    }

    @Test
    void inboundMailsArriveExactlyOnceWhileMqWorkerIsKilledAndRestarted() throws Exception {
        // given a user with a local identity, and 200 mails to it
        String run = UUID.randomUUID().toString().substring(0, 8);
        MeshApi api = new MeshApi(mesh.apiUrl()).asNewUser("inbound-" + run);
        String address = "inbox-" + run + "@mailmesh.local";
        api.post("/api/v2/identities/locals", Map.of("address", address));
        SmtpSender sender = new SmtpSender("127.0.0.1", mesh.smtpPort());
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);

        // when the mails go in through the SMTP listener, retried on 4xx as an MTA would
        List<Future<?>> sends;
        try {
            sends = IntStream.range(0, 200).<Future<?>>mapToObj(i -> clients.submit(() -> {
                sender.sendUntilAccepted(address, "<" + i + "." + run + "@e2e.test>", "mail " + i + " " + run,
                        Duration.ofSeconds(120));
                accepted.incrementAndGet();
                return null;
            })).toList();
            // and mq-worker is killed with SIGKILL part-way, then restarted
            Deadline.await("50 accepted mails", Duration.ofSeconds(60),
                    () -> Optional.of(accepted.get()).filter(n -> n >= 50));
            mesh.kill("mq-worker");
            int atKill = accepted.get();
            Deadline.await("a mail refused while mq-worker is down", Duration.ofSeconds(30),
                    () -> Optional.of(sender.temporaryFailures()).filter(n -> n > 0));
            mesh.start("mq-worker");
            mesh.awaitReady("mq-worker", Duration.ofSeconds(60));
            for (Future<?> send : sends) {
                send.get();
            }
            assertThat(atKill).isLessThan(200);
        } finally {
            clients.shutdownNow();
        }

        // then every mail is imported exactly once
        List<JsonNode> messages = Deadline.await("200 imported messages", Duration.ofSeconds(60), () -> {
            List<JsonNode> all = StreamSupport.stream(api.get("/api/v2/messages?limit=1000").path("messages")
                    .spliterator(), false).toList();
            return all.size() >= 200 ? Optional.of(all) : Optional.empty();
        });
        Set<String> subjects = messages.stream().map(m -> m.path("subject").asText()).collect(Collectors.toSet());
        assertThat(messages).hasSize(200);
        assertThat(subjects).hasSize(200)
                .containsAll(IntStream.range(0, 200).mapToObj(i -> "mail " + i + " " + run).toList());
        assertThat(messages).allMatch(m -> m.path("received").asBoolean());
    }

    @Test
    void dashboardQueriesNameOnlyMetricsAndLabelsTheExecutablesExpose() throws Exception {
        // given the dashboard's queries
        DashboardQueries dashboard = DashboardQueries.read(ROOT.resolve("docker/grafana/dashboards/mailmesh.json"));
        assertThat(dashboard.queries()).hasSizeGreaterThanOrEqualTo(6).allMatch(q -> !q.metrics().isEmpty());
        // and traffic that makes the meters registered on first use appear: an order through the API, and a
        // malformed order that mq-worker dead-letters
        MeshApi api = new MeshApi(mesh.apiUrl());
        api.post("/api/v2/users", Map.of("name", "metrics-" + UUID.randomUUID().toString().substring(0, 8)));
        try (Connection ops = Nats.connect(Options.builder().server(nats.url())
                .authHandler(Nats.credentials(nats.creds("ops").toString())).maxReconnects(0).build())) {
            ops.publish(Routes.KEY_ACTION.subject(), "not an order".getBytes(StandardCharsets.UTF_8));
            ops.flush(Duration.ofSeconds(5));
        }

        // when every executable's /metrics is scraped, until each series the dashboard names is there
        Set<String> named = dashboard.queries().stream().flatMap(q -> q.metrics().stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        ScrapedMetrics scraped;
        try {
            scraped = Deadline.await("the dashboard's series " + named, Duration.ofSeconds(30), () -> {
                ScrapedMetrics now = scrapeAll();
                return named.stream().allMatch(now::has) ? Optional.of(now) : Optional.empty();
            });
        } catch (IllegalStateException timedOut) {
            scraped = scrapeAll(); // the assertions below then name what is missing
        }

        // then every metric a query names is exposed, with every label the query matches or groups by
        for (DashboardQueries.Query query : dashboard.queries()) {
            for (String metric : query.metrics()) {
                assertThat(scraped.series()).as(query.where() + ": " + query.expr()).contains(metric);
                assertThat(scraped.labels(metric)).as(query.where() + ": labels of " + metric)
                        .containsAll(query.labels());
            }
        }
    }

    private static ScrapedMetrics scrapeAll() {
        ScrapedMetrics scraped = new ScrapedMetrics();
        MeshProcesses.EXECUTABLES.forEach(e -> scraped.add(mesh.metrics(e)));
        return scraped;
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }
}
