package io.mailmesh.apiemitter.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 004's line protocol on two api-emitter instances sharing one nats-server (a whole one and one with the
 * fanout server only), over plain sockets: what a client sees, what crosses instances through NATS, what is refused
 * and how.
 */
class FanoutProtocolTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static ApiFixture first;
    static MeshRuntime second;
    static Connection natsClient;

    @BeforeAll
    static void twoInstances() throws Exception {
        first = ApiFixture.start(nats.url(), null, Duration.ofSeconds(5), new FanoutModule(FanoutSettings.forTests()));
        second = FanoutInstance.start(nats.url(), FanoutSettings.forTests());
        natsClient = ApiFixture.connect(nats.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        natsClient.close();
        first.close();
        second.close();
    }

    static int port(ApiFixture api) {
        return api.runtime.get(FanoutServer.class).port();
    }

    static int port(MeshRuntime runtime) {
        return FanoutInstance.port(runtime);
    }

    @Test
    void givenANewClient_whenPinging_thenItWasGreetedAndGetsTheServerTimeInSeconds() {
        try (LineClient client = LineClient.greeted(port(first))) {
            long before = Instant.now().getEpochSecond();
            long answered = Long.parseLong(client.send("ping").read());
            assertThat(answered).isBetween(before - 1, Instant.now().getEpochSecond() + 1);
            assertThat(client.send("ping\r").read()).matches("\\d+"); // nc -C and telnet end lines with CRLF
        }
    }

    @Test
    void givenAClient_whenAskingInfo_thenItNamesTheInstanceAndCountsClientsChannelsAndUptime() {
        try (LineClient client = LineClient.greeted(port(first))) {
            client.subscribe("info-test");
            List<String> info = client.send("info").read(15);
            assertThat(info.get(0)).isEqualTo("instance: api-emitter/" + first.runtime.config().instanceId());
            assertThat(info.get(1)).matches("uptime: \\d+d \\d+h \\d+m \\d+s");
            assertThat(info).contains("client-limit: 10000").anyMatch(l -> l.matches("current connections: [1-9]\\d*"))
                    .anyMatch(l -> l.matches("current channels: [2-9]\\d*"))
                    .anyMatch(l -> l.matches("total subscribes: [1-9]\\d*"));
            assertThat(info.get(14)).matches("total pings: \\d+");
        }
    }

    @Test
    void givenSubscribersOnBothInstances_whenAnnouncingOnOne_thenEverySubscriberGetsChannelBangMessage() {
        try (LineClient onFirst = LineClient.greeted(port(first)).subscribe("news");
             LineClient onSecond = LineClient.greeted(port(second)).subscribe("news");
             LineClient announcer = LineClient.greeted(port(second))) {
            announcer.send("announce news hello world! ünïcode");

            assertThat(onFirst.read()).isEqualTo("news!hello world! ünïcode");
            assertThat(onSecond.read()).isEqualTo("news!hello world! ünïcode");
        }
    }

    @Test
    void givenAnUnsubscribedClient_whenTheChannelIsAnnouncedAgain_thenItGetsOnlyWhatItStillFollows() {
        try (LineClient reader = LineClient.greeted(port(first)).subscribe("sport").subscribe("marker");
             LineClient announcer = LineClient.greeted(port(second))) {
            assertThat(reader.send("unsubscribe sport").read()).isEqualTo("debug!unsubscribed sport");

            announcer.send("announce sport goal").send("announce marker after");

            assertThat(reader.read()).isEqualTo("marker!after"); // announces from one client keep their order
        }
    }

    @Test
    void givenNatsClients_whenPublishingOnFanoutSubjects_thenLineClientsGetThemAndTheirAnnouncesAreSeenOnNats()
            throws Exception {
        Subscription natsSub = natsClient.subscribe("fanout.ops.alerts");
        natsClient.flush(Duration.ofSeconds(2));
        try (LineClient client = LineClient.greeted(port(first)).subscribe("ops.alerts")) {
            natsClient.publish("fanout.ops.alerts", "disk full".getBytes(StandardCharsets.UTF_8));
            assertThat(client.read()).isEqualTo("ops.alerts!disk full");
            Message echoed = natsSub.nextMessage(Duration.ofSeconds(5));
            assertThat(new String(echoed.getData(), StandardCharsets.UTF_8)).isEqualTo("disk full");

            client.send("announce ops.alerts from a socket");
            Message announced = natsSub.nextMessage(Duration.ofSeconds(5));
            assertThat(new String(announced.getData(), StandardCharsets.UTF_8)).isEqualTo("from a socket");
            assertThat(client.read()).isEqualTo("ops.alerts!from a socket");

            natsClient.publish("fanout.all", "maintenance at 3".getBytes(StandardCharsets.UTF_8));
            assertThat(client.read()).isEqualTo("all!maintenance at 3"); // every client is in all
        } finally {
            natsSub.unsubscribe();
        }
    }

    @Test
    void givenForbiddenChannels_whenUsed_thenOnlyThatClientGetsADebugErrorAndNothingIsAnnounced() {
        try (LineClient offender = LineClient.greeted(port(first));
             LineClient bystander = LineClient.greeted(port(second)).subscribe("marker2")) {
            List<String> refused = List.of("subscribe a!b", "subscribe a b", "subscribe all", "subscribe debug",
                    "unsubscribe all", "announce all hi", "announce debug hi", "subscribe news.*", "subscribe a.>",
                    "subscribe .a", "subscribe a..b", "subscribe", "subscribe ", "announce news", "announce  x",
                    "subscribe " + "c".repeat(129), "subscribe caf\u00e9", "unsubscribe never-subscribed",
                    "ping now", "PING", "shout x");
            for (String line : refused) {
                assertThat(offender.send(line).read()).as(line).startsWith("debug!error: ");
            }
            assertThat(offender.send("announce marker2 end").send("ping").read()).matches("\\d+");
            assertThat(bystander.read()).isEqualTo("marker2!end"); // nothing refused reached anyone before it
        }
    }

    @Test
    void givenALineLongerThanTheLimit_whenSent_thenItIsRefusedAndTheNextLineIsServed() {
        try (LineClient client = LineClient.greeted(port(first))) {
            client.send("announce big " + "x".repeat(70_000)).send("ping");

            assertThat(client.read()).isEqualTo("debug!error: line longer than 65536 bytes refused");
            assertThat(client.read()).matches("\\d+");
        }
    }

    @Test
    void givenHostileBytes_whenSent_thenEachLineGetsADebugErrorAndTheConnectionStaysUsable() {
        try (LineClient client = LineClient.greeted(port(first)).subscribe("bytes")) {
            byte[][] hostile = {
                    {'a', 'n', 'n', 'o', 'u', 'n', 'c', 'e', ' ', 'b', ' ', (byte) 0xC3, (byte) 0x28, '\n'},
                    {'p', 'i', 'n', 'g', 0, '\n'},
                    "announce bytes a\rb\n".getBytes(StandardCharsets.US_ASCII),
                    "announce bytes \u001b[2Jclear\n".getBytes(StandardCharsets.US_ASCII),
                    {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD, '\n'},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}, // a UTF-16 surrogate encoded as UTF-8
            };
            for (byte[] line : hostile) {
                assertThat(client.sendBytes(line).read()).startsWith("debug!error: ");
            }
            client.send("announce bytes tab\tis fine");
            assertThat(client.read()).isEqualTo("bytes!tab\tis fine");
        }
    }

    @Test
    void givenHostileNatsPayloads_whenPublishedOnAChannel_thenTheyAreCountedAndNeverBreakTheLines() throws Exception {
        try (LineClient client = LineClient.greeted(port(first)).subscribe("raw")) {
            for (byte[] payload : new byte[][] {"two\nlines".getBytes(StandardCharsets.US_ASCII), {(byte) 0xC3},
                    {}, new byte[70_000]}) {
                natsClient.publish("fanout.raw", payload);
            }
            natsClient.publish("fanout.raw", "fine".getBytes(StandardCharsets.UTF_8));

            assertThat(client.read()).isEqualTo("raw!fine");
            assertThat(metrics(first)).contains("fanout_messages_rejected_total{", "reason=\"control_character\"",
                    "reason=\"invalid_utf8\"", "reason=\"empty\"", "reason=\"too_long\"");
        }
    }

    @Test
    void givenClientsAndMessages_whenScrapingMetricsAndDiscovery_thenFanoutFiguresAreListed() throws Exception {
        try (LineClient client = LineClient.greeted(port(first)).subscribe("counted")) {
            client.send("announce counted one");
            assertThat(client.read()).isEqualTo("counted!one");

            assertThat(metrics(first)).contains("fanout_connections{", "fanout_subscriptions{", "fanout_channels{",
                    "fanout_messages_total{direction=\"delivered\"", "fanout_messages_total{direction=\"announced\"",
                    "fanout_slow_disconnects_total{");
            Message stats = natsClient.request("$SRV.STATS.api-emitter." + first.runtime.config().instanceId(),
                    new byte[0], Duration.ofSeconds(5));
            JsonNode endpoint = null;
            for (JsonNode e : ApiFixture.JSON.readTree(stats.getData()).get("endpoints")) {
                if (e.get("name").asText().equals("fanout")) {
                    endpoint = e;
                }
            }
            assertThat(endpoint).isNotNull();
            assertThat(endpoint.get("subject").asText()).isEqualTo("fanout.>");
            assertThat(endpoint.get("data").get("connections").asLong()).isPositive();
            assertThat(endpoint.get("data").get("subscriptions").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(endpoint.get("data").get("messages_delivered").asLong()).isPositive();
            assertThat(endpoint.get("num_requests").asLong()).isPositive();
        }
    }

    static String metrics(ApiFixture api) throws Exception {
        return metrics(api.runtime);
    }

    static String metrics(MeshRuntime runtime) throws Exception {
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.managementPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
