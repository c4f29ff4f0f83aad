package io.mailmesh.apiemitter.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bounds that keep one client from hurting the others: queue, connections, subscriptions. */
class FanoutLimitsTest {
    static final int MAX_LINE = 16_384;
    static final int MAX_QUEUED = 65_536;

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension(false);

    static MeshRuntime fanout;
    static FanoutStats stats;
    static Connection publisher;

    @BeforeAll
    static void smallLimits() throws Exception {
        fanout = FanoutInstance.start(nats.url(), FanoutSettings.forTests().withLimits(3, 2, MAX_LINE, MAX_QUEUED));
        stats = fanout.get(FanoutStats.class);
        publisher = ApiFixture.connect(nats.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        publisher.close();
        fanout.close();
    }

    @BeforeEach
    void noClientLeftFromTheLastTest() {
        TestWorkers.await(Duration.ofSeconds(10), "clients of the previous test gone", () -> stats.connections() == 0);
    }

    @Test
    void givenAClientThatStopsReading_whenMessagesPileUp_thenItIsDisconnectedAndCountedWhileOthersGetEveryMessage()
            throws Exception {
        int port = FanoutInstance.port(fanout);
        try (LineClient slow = LineClient.connect(port, 2048); LineClient fast = LineClient.greeted(port)) {
            assertThat(slow.read()).isEqualTo("debug!connected...");
            slow.subscribe("flood");
            fast.subscribe("flood");
            String filler = "x".repeat(MAX_LINE - 16);

            // when messages keep coming and the slow client reads none of them (at most 2000: bounded)
            int sent = 0;
            while (stats.slowDisconnects() == 0 && sent < 2_000) {
                publisher.publish("fanout.flood", (sent + " " + filler).getBytes(StandardCharsets.US_ASCII));
                assertThat(fast.read()).isEqualTo("flood!" + sent + " " + filler); // the fast one keeps pace
                sent++;
            }

            // then the slow one was dropped, once, and the fast one still receives
            assertThat(stats.slowDisconnects()).isEqualTo(1);
            assertThat(sent).isLessThan(2_000);
            publisher.publish("fanout.flood", "after".getBytes(StandardCharsets.US_ASCII));
            assertThat(fast.read()).isEqualTo("flood!after");
            assertThat(slow.closedByServer()).isTrue();
            assertThat(FanoutProtocolTest.metrics(fanout)).containsPattern("fanout_slow_disconnects_total\\{[^}]*} 1\\.0");
        }
    }

    @Test
    void givenTheClientLimit_whenOneMoreConnects_thenItGetsDebugBusyAndIsClosedWhileTheOthersStayServed() {
        int port = FanoutInstance.port(fanout);
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(LineClient.greeted(port));
            }
            try (LineClient extra = LineClient.connect(port)) {
                assertThat(extra.read()).isEqualTo("debug!busy");
                assertThat(extra.closedByServer()).isTrue();
            }
            assertThat(clients.get(0).send("ping").read()).matches("\\d+");
        } finally {
            clients.forEach(LineClient::close);
        }
    }

    @Test
    void givenTheSubscriptionLimit_whenSubscribingToOneMore_thenRefusedButResubscribingAndAllStillWork() {
        try (LineClient client = LineClient.greeted(FanoutInstance.port(fanout))) {
            client.subscribe("one").subscribe("two").subscribe("one");

            assertThat(client.send("subscribe three").read())
                    .isEqualTo("debug!error: subscription limit of 2 channels reached");
            publisher.publish("fanout.all", "still here".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.read()).isEqualTo("all!still here");
        }
    }
}
