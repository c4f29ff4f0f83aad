package io.mailmesh.apiemitter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiEmitterMain;
import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.apiemitter.ApiFixture.Response;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;

/** {@code api-emitter replay} against a real audit log (Redis) and a real nats-server with JetStream. */
class ReplayCommandTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    static final String MARKER = "replaytest.marker";
    static ApiFixture api;
    static Connection client;
    static Jedis jedis;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(nats.url(), redisUrl(), Duration.ofSeconds(2));
        client = ApiFixture.connect(nats.url());
        jedis = new Jedis("127.0.0.1", redis.port());
    }

    @AfterAll
    static void stop() throws Exception {
        jedis.close();
        client.close();
        api.close();
    }

    @BeforeEach
    void emptyTheAuditLog() {
        jedis.del("MESSAGES:log");
    }

    static String redisUrl() {
        return "redis://127.0.0.1:" + redis.port();
    }

    /** What a run of the executable printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code api-emitter replay <args>} in this JVM, with REDIS_URL pointing at the test Redis. */
    static Run replay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ReplayCommand.class) {
                    return type.cast(new ReplayCommand(name -> name.equals("REDIS_URL") ? redisUrl() : null));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine command = new CommandLine(new ApiEmitterMain(), factory);
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] full = Stream.concat(Stream.of("replay", "--nats-url", nats.url(), "--send-timeout", "2"),
                Stream.of(args)).toArray(String[]::new);
        int exit = command.execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Sends {@code {"topic": topic, "order": order, fields..., "user_id": "u1"}} to the gateway over HTTP. */
    static String ingest(String topic, String order, String fields) {
        Response ack = api.post("/MESSAGES", ApiFixture.ADMIN_TOKEN, "{\"topic\": \"" + topic + "\", \"order\": \"" + order + "\", "
                + fields + ", \"user_id\": \"u1\"}");
        assertThat(ack.status()).as(ack.raw().body()).isEqualTo(202);
        return ack.body().get("id").textValue();
    }

    static String contactUpdate(String contactId) {
        return ingest("contactAction", "contact_update", "\"contact_id\": \"" + contactId + "\"");
    }

    static long ordersInStream() throws Exception {
        return client.jetStreamManagement().getStreamInfo(DurableTopology.ORDERS_STREAM).getStreamState()
                .getMsgCount();
    }

    static JsonNode logEntry(String id) throws Exception {
        for (String line : jedis.lrange("MESSAGES:log", 0, -1)) {
            JsonNode node = ApiFixture.JSON.readTree(line);
            if (node.get("id").textValue().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no audit entry " + id);
    }

    /** A message seen on NATS: its subject, Nats-Msg-Id, correlation id and payload. */
    record Seen(String subject, String msgId, String correlationId, JsonNode payload) {
    }

    /** Sees every order on the test's subjects and answers requests on outboundSMTP like a worker. */
    static final class Observer implements AutoCloseable {
        private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        private final io.nats.client.Dispatcher dispatcher;
        private int markers;

        Observer() throws Exception {
            byte[] ok = new OrderCodec().encode(Reply.ok("delivered"));
            dispatcher = client.createDispatcher((Message message) -> {
                String msgId = message.getHeaders() == null ? null : message.getHeaders().getFirst(MeshHeaders.MSG_ID);
                String correlation = message.getHeaders() == null ? null
                        : message.getHeaders().getFirst(MeshHeaders.CORRELATION_ID);
                try {
                    seen.add(new Seen(message.getSubject(), msgId, correlation,
                            ApiFixture.JSON.readTree(message.getData())));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                // only outboundSMTP requests are answered: a JetStream publish on a durable subject also carries a
                // reply inbox, which waits for the stream's acknowledgement, not for a worker's reply
                if (message.getReplyTo() != null && message.getSubject().equals("outboundSMTP")) {
                    client.publish(message.getReplyTo(), ok);
                }
            });
            for (String subject : List.of("contactAction", "keyAction", "outboundSMTP", MARKER)) {
                dispatcher.subscribe(subject);
            }
            client.flush(Duration.ofSeconds(5));
        }

        /** Waits for {@code count} messages (the copies the gateway published at ingestion). */
        List<Seen> take(int count) throws InterruptedException {
            List<Seen> taken = new ArrayList<>();
            while (taken.size() < count) {
                Seen next = seen.poll(10, TimeUnit.SECONDS);
                if (next == null) {
                    throw new AssertionError("only " + taken.size() + " of " + count + " messages arrived");
                }
                taken.add(next);
            }
            return taken;
        }

        /**
         * Everything that arrived before a marker published now: a replay has returned only once NATS took each
         * message, so its copies are all ahead of the marker.
         */
        List<Seen> sinceLast() throws Exception {
            String marker = "m" + (++markers);
            client.publish(MARKER, ("{\"marker\": \"" + marker + "\"}").getBytes());
            client.flush(Duration.ofSeconds(5));
            List<Seen> taken = new ArrayList<>();
            while (true) {
                Seen next = seen.poll(10, TimeUnit.SECONDS);
                if (next == null) {
                    throw new AssertionError("the marker never arrived");
                }
                if (next.subject().equals(MARKER) && next.payload().get("marker").textValue().equals(marker)) {
                    return taken;
                }
                taken.add(next);
            }
        }

        @Override
        public void close() {
            client.closeDispatcher(dispatcher);
        }
    }

    static List<String> msgIds(List<Seen> seen) {
        return seen.stream().map(Seen::msgId).toList();
    }

    @Test
    void replayFromAnIdRepublishesThatEntryAndTheLaterOnesWithTheirOriginalIds() throws Exception {
        try (Observer observer = new Observer()) {
            // given
            String first = contactUpdate("c-1");
            String second = contactUpdate("c-2");
            String third = contactUpdate("c-3");
            observer.take(3);
            // when
            Run run = replay("--from-id", second);
            // then
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<Seen> replayed = observer.sinceLast();
            assertThat(msgIds(replayed)).containsExactly(second, third).doesNotContain(first);
            assertThat(replayed).extracting(seen -> seen.payload().get("contact_id").textValue())
                    .containsExactly("c-2", "c-3");
        }
    }

    @Test
    void replayFromATimeRepublishesTheEntriesAcceptedSinceThen() throws Exception {
        try (Observer observer = new Observer()) {
            // given
            String before = contactUpdate("t-1");
            String from = contactUpdate("t-2");
            String after = contactUpdate("t-3");
            observer.take(3);
            String fromTime = logEntry(from).get("time").textValue();
            assertThat(logEntry(before).get("time").textValue()).isLessThan(fromTime);
            // when
            Run run = replay("--from-time", fromTime);
            // then
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(msgIds(observer.sinceLast())).containsExactly(from, after);
        }
    }

    @Test
    void topicOptionReplaysOnlyEntriesOfThatTopic() throws Exception {
        try (Observer observer = new Observer()) {
            // given
            String contact = contactUpdate("k-1");
            String key = ingest("keyAction", "discover_key", "\"contact_id\": \"k-2\"");
            contactUpdate("k-3");
            observer.take(3);
            // when
            Run run = replay("--from-id", contact, "--topic", "keyAction");
            // then
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<Seen> replayed = observer.sinceLast();
            assertThat(replayed).extracting(Seen::subject).containsExactly("keyAction");
            assertThat(msgIds(replayed)).containsExactly(key);
            assertThat(run.out()).contains("replayed 1 of 1 selected entries");
        }
    }

    @Test
    void replayWithinTheDuplicateWindowAddsNothingToTheOrdersStream() throws Exception {
        try (Observer observer = new Observer()) {
            // given
            String first = contactUpdate("d-1");
            String second = contactUpdate("d-2");
            observer.take(2);
            long before = ordersInStream();
            // when
            Run run = replay("--from-id", first);
            // then
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(msgIds(observer.sinceLast())).containsExactly(first, second);
            assertThat(ordersInStream()).isEqualTo(before);
        }
    }

    @Test
    void replayOfARequestReplyOrderIsSentAgainAndAnswered() throws Exception {
        try (Observer observer = new Observer()) {
            // given
            String id = ingest("outboundSMTP", "deliver", "\"message_id\": \"m-1\", \"remote_id\": \"r1\"");
            observer.take(1);
            // when
            Run run = replay("--from-id", id, "--topic", "outboundSMTP");
            // then
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<Seen> replayed = observer.sinceLast();
            assertThat(replayed).hasSize(1);
            assertThat(replayed.get(0).subject()).isEqualTo("outboundSMTP");
            assertThat(replayed.get(0).correlationId()).isEqualTo(id);
            assertThat(replayed.get(0).msgId()).isEqualTo(id);
            assertThat(replayed.get(0).payload().get("message_id").textValue()).isEqualTo("m-1");
            assertThat(run.out()).contains("replayed 1 of 1 selected entries");
        }
    }

    @Test
    void replayOfARequestNoWorkerAnswersFailsWithANonZeroExit() throws Exception {
        // given
        String id = ingest("outboundIMAP", "deliver", "\"message_id\": \"m-2\", \"remote_id\": \"r1\"");
        // when
        Run run = replay("--from-id", id);
        // then
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("entry " + id + " on outboundIMAP unanswered");
        assertThat(run.out()).contains("replayed 0 of 1 selected entries").contains("1 failed");
    }

    @Test
    void progressIsPrintedAsEntriesAreReplayed() throws Exception {
        // given
        String first = contactUpdate("p-1");
        contactUpdate("p-2");
        // when
        Run run = replay("--from-id", first);
        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("replaying 2/2").contains("replayed 2 of 2 selected entries");
    }

    @Test
    void badFromTimeIsAClearUsageErrorWithoutAStackTrace() {
        // when
        Run run = replay("--from-time", "yesterday");
        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--from-time \"yesterday\" is not an ISO-8601 time")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownFromIdIsAClearErrorWithANonZeroExit() {
        // given
        contactUpdate("u-1");
        // when
        Run run = replay("--from-id", "no-such-id");
        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no audit entry has the id no-such-id in the audit log MESSAGES:log")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("replayed");
    }

    @Test
    void bothFromOptionsAtOnceAreAUsageError() {
        // when
        Run run = replay("--from-id", "a", "--from-time", "2024-05-01T10:00:00Z");
        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("give exactly one of --from-time and --from-id").doesNotContain("\tat ");
    }
}
