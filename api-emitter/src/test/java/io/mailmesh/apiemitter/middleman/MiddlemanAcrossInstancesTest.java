package io.mailmesh.apiemitter.middleman;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Services and clients on two api-emitter instances sharing one nats-server, over the JDK's WebSocket client. */
class MiddlemanAcrossInstancesTest {
    static final String SERVICE_KEY = "service-key-for-tests";
    static final String CLIENT_KEY = "client-key-for-tests";

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static String prefix;
    static ApiFixture a;
    static ApiFixture b;

    static MiddlemanModule module() {
        return new MiddlemanModule(MiddlemanSettings.defaults().withKeys(List.of(SERVICE_KEY), List.of(CLIENT_KEY))
                .withTimes(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2)));
    }

    @BeforeAll
    static void start() throws Exception {
        prefix = ApiFixture.newPrefix();
        a = ApiFixture.startWithPrefix(nats.url(), prefix, module());
        b = ApiFixture.startWithPrefix(nats.url(), prefix, module());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    @Test
    void givenSubscribersOnBothInstances_whenAServicePublishes_thenEverySubscriberGetsIt() throws Exception {
        try (WsPeer service = WsPeer.login(a.port, SERVICE_KEY); WsPeer onA = WsPeer.login(a.port, SERVICE_KEY);
             WsPeer onB = WsPeer.login(b.port, SERVICE_KEY)) {
            onA.send("SUB news.eu");
            onB.send("SUB news.eu");
            onA.sync();
            onB.sync();

            service.send("PUB news.eu\nLang:en\n\nfirst line\n..dotted\n.\n");

            String expected = "PUB news.eu\nLang:en\n\nfirst line\n..dotted\n.\n";
            assertThat(onA.next()).isEqualTo(expected);
            assertThat(onB.next()).isEqualTo(expected);
        }
    }

    @Test
    void givenAKeyNotConfigured_thenTheConnectionIsClosedWithAReason() {
        try (WsPeer stranger = WsPeer.open(a.port)) {
            stranger.send("not-a-key");
            assertThat(stranger.awaitClose()).isEqualTo("1008 API key not accepted");
        }
    }

    @Test
    void givenNoKeyWithinTheAuthTimeout_thenTheConnectionIsClosedWithAReason() {
        try (WsPeer silent = WsPeer.open(a.port)) {
            assertThat(silent.awaitClose()).isEqualTo("1008 no API key within 2 s");
        }
    }

    @Test
    void givenAUserToken_thenItActsAsAClientKey() throws Exception {
        String token = a.newUserToken("middleman-user");
        try (WsPeer user = WsPeer.login(b.port, token)) {
            user.send("EPUB anything");
            assertThat(user.next()).startsWith("ERR anything\nCode:forbidden\n");
        }
    }

    @Test
    void givenAClient_thenItMayOnlyDoWhatAServiceEnabled_andNoLongerOnceTheServiceLeft() throws Exception {
        try (WsPeer client = WsPeer.login(b.port, CLIENT_KEY); WsPeer watcher = WsPeer.login(b.port, SERVICE_KEY)) {
            watcher.send("SUB chat");
            watcher.sync();
            client.send("PUB chat\n\nhello\n.\n");
            assertThat(client.next()).startsWith("ERR chat\nCode:not_enabled\n");

            WsPeer service = WsPeer.login(a.port, SERVICE_KEY);
            service.send("EPUB chat");
            service.send("ESUB chat");
            service.sync();
            Enablements onB = b.runtime.get(Enablements.class);
            // two leases, each watched on its own: b may see the EPUB before the ESUB
            ApiFixture.await(Duration.ofSeconds(10), "EPUB and ESUB seen by b", () -> onB.allows(
                    Enablements.Kind.PUB, "chat") && onB.allows(Enablements.Kind.SUB, "chat"));

            client.send("SUB chat");
            client.send("PUB chat\n\nhello\n.\n");
            assertThat(watcher.next()).isEqualTo("PUB chat\n\nhello\n.\n");
            assertThat(client.next()).isEqualTo("PUB chat\n\nhello\n.\n");
            client.send("REQ chat\nReqID:1\n\n.\n");
            assertThat(client.next()).startsWith("ERR chat\nCode:not_enabled\nReqID:1\n");

            service.close();
            ApiFixture.await(Duration.ofSeconds(10), "EPUB ended on b", () -> !onB.allows(Enablements.Kind.PUB,
                    "chat"));
            client.send("PUB chat\n\nagain\n.\n");
            assertThat(client.next()).startsWith("ERR chat\nCode:not_enabled\n");
        }
    }

    @Test
    void givenServicesOnBothInstances_whenClientsRequest_thenEachRequestReachesOneServiceAndItsAnswerOnlyTheRequester()
            throws Exception {
        try (WsPeer serviceA = WsPeer.login(a.port, SERVICE_KEY); WsPeer serviceB = WsPeer.login(b.port, SERVICE_KEY);
             WsPeer requester = WsPeer.login(a.port, SERVICE_KEY); WsPeer other = WsPeer.login(b.port, SERVICE_KEY)) {
            serviceA.send("SUB echo");
            serviceB.send("SUB echo");
            serviceA.sync();
            serviceB.sync();
            int requests = 40;
            for (int i = 0; i < requests; i++) {
                requester.send("REQ echo\nReqID:q" + i + "\n\nbody " + i + "\n.\n");
            }
            int servedByA = answer(serviceA, requests);
            int servedByB = answer(serviceB, requests - servedByA);

            Set<String> answers = new HashSet<>();
            for (int i = 0; i < requests; i++) {
                answers.add(requester.next());
            }
            assertThat(servedByA + servedByB).isEqualTo(requests);
            assertThat(servedByA).as("load-balanced across instances").isPositive();
            assertThat(servedByB).as("load-balanced across instances").isPositive();
            for (int i = 0; i < requests; i++) {
                assertThat(answers).contains("RES echo\nReqID:q" + i + "\n\nbody " + i + "\n.\n");
            }
            assertThat(other.poll(Duration.ofMillis(200))).as("no one else sees a RES").isNull();
        }
    }

    /** Answers requests as they come until {@code max} or a quiet moment; returns how many it answered. */
    private static int answer(WsPeer service, int max) throws InterruptedException {
        int answered = 0;
        while (answered < max) {
            String request = service.poll(Duration.ofMillis(answered == 0 ? 3000 : 500));
            if (request == null) {
                break;
            }
            String[] lines = request.split("\n");
            assertThat(lines[0]).isEqualTo("REQ echo");
            assertThat(lines[1]).startsWith("ReqID:");
            service.send("RES echo\n" + lines[1] + "\n\n" + lines[3] + "\n.\n");
            answered++;
        }
        return answered;
    }

    @Test
    void givenNoServiceSubscribed_whenARequestIsSent_thenAnErrorFrameAnswersIt() throws Exception {
        try (WsPeer requester = WsPeer.login(b.port, SERVICE_KEY)) {
            requester.send("REQ nobody.home\nReqID:7\n\nhi\n.\n");
            assertThat(requester.next()).isEqualTo("ERR nobody.home\nCode:no_service\nReqID:7\n\n"
                    + "no service serves nobody.home\n.\n");
        }
    }

    @Test
    void givenARequestDeliveredToOneService_thenNeitherAClientNorAnotherServiceCanAnswerIt() throws Exception {
        try (WsPeer service = WsPeer.login(a.port, SERVICE_KEY); WsPeer otherService = WsPeer.login(b.port,
                SERVICE_KEY); WsPeer client = WsPeer.login(b.port, CLIENT_KEY);
             WsPeer requester = WsPeer.login(b.port, SERVICE_KEY)) {
            service.send("SUB vault");
            service.sync();
            requester.send("REQ vault\nReqID:mine\n\nsecret?\n.\n");
            String delivered = service.next();
            String reqIdLine = delivered.split("\n")[1];

            client.send("RES vault\n" + reqIdLine + "\n\nforged\n.\n");
            assertThat(client.next()).startsWith("ERR vault\nCode:forbidden\n");
            otherService.send("RES vault\n" + reqIdLine + "\n\nforged\n.\n");
            assertThat(otherService.next()).startsWith("ERR vault\nCode:unknown_reqid\n");

            service.send("RES vault\n" + reqIdLine + "\n\ngenuine\n.\n");
            assertThat(requester.next()).isEqualTo("RES vault\nReqID:mine\n\ngenuine\n.\n");
            service.send("RES vault\n" + reqIdLine + "\n\ntwice\n.\n");
            assertThat(service.next()).startsWith("ERR vault\nCode:unknown_reqid\n");
        }
    }

    @Test
    void givenANatsPeer_thenItsPublishReachesWebSocketSubscribers_andWebSocketTrafficReachesIt() throws Exception {
        try (Connection natsPeer = ApiFixture.connect(nats.url()); WsPeer ws = WsPeer.login(b.port, SERVICE_KEY)) {
            // as `nats sub middleman.pub.alerts`
            Subscription watch = natsPeer.subscribe("middleman.pub.alerts");
            natsPeer.flush(Duration.ofSeconds(2));
            ws.send("SUB alerts");
            ws.sync();

            // as `nats pub -H Level:high middleman.pub.alerts "disk full"`
            natsPeer.publish(NatsMessage.builder().subject("middleman.pub.alerts")
                    .headers(new Headers().put("Level", "high")).data("disk full", StandardCharsets.UTF_8).build());
            assertThat(ws.next()).isEqualTo("PUB alerts\nLevel:high\n\ndisk full\n.\n");
            assertThat(new String(watch.nextMessage(WsPeer.WAIT).getData(), StandardCharsets.UTF_8))
                    .isEqualTo("disk full");

            ws.send("PUB alerts\n\nfrom the socket\n.\n");
            Message seen = watch.nextMessage(WsPeer.WAIT);
            assertThat(new String(seen.getData(), StandardCharsets.UTF_8)).isEqualTo("from the socket");
            assertThat(ws.next()).isEqualTo("PUB alerts\n\nfrom the socket\n.\n");

            // as `nats req middleman.req.alerts status`: the WebSocket service answers
            var reply = natsPeer.requestWithTimeout(NatsMessage.builder().subject("middleman.req.alerts")
                    .data("status", StandardCharsets.UTF_8).build(), WsPeer.WAIT);
            String request = ws.next();
            assertThat(request).startsWith("REQ alerts\nReqID:").endsWith("\n\nstatus\n.\n");
            ws.send("RES alerts\n" + request.split("\n")[1] + "\n\nall good\n.\n");
            assertThat(new String(reply.get().getData(), StandardCharsets.UTF_8)).isEqualTo("all good");

            // a WebSocket REQ answered by a NATS responder in the queue group
            natsPeer.createDispatcher().subscribe("middleman.req.time", "middleman",
                    m -> natsPeer.publish(m.getReplyTo(), "noon".getBytes(StandardCharsets.UTF_8)));
            natsPeer.flush(Duration.ofSeconds(2));
            ws.send("REQ time\nReqID:t1\n\n.\n");
            assertThat(ws.next()).isEqualTo("RES time\nReqID:t1\n\nnoon\n.\n");
        }
    }

    @Test
    void givenAServiceConnected_whenAnotherInstanceRestarts_thenItsEnablementsHoldThere() throws Exception {
        ApiFixture c = ApiFixture.startWithPrefix(nats.url(), prefix, module());
        try (WsPeer service = WsPeer.login(a.port, SERVICE_KEY)) {
            service.send("ESUB weather");
            service.send("EPUB weather");
            service.sync();
            c.close();
            ApiFixture restarted = ApiFixture.startWithPrefix(nats.url(), prefix, module());
            try (WsPeer client = WsPeer.login(restarted.port, CLIENT_KEY)) {
                Enablements enablements = restarted.runtime.get(Enablements.class);
                ApiFixture.await(Duration.ofSeconds(10), "enablements read back", () -> enablements.allows(
                        Enablements.Kind.SUB, "weather") && enablements.allows(Enablements.Kind.PUB, "weather"));
                client.send("SUB weather");
                client.sync();
                client.send("PUB weather\n\nsunny\n.\n");
                assertThat(client.next()).isEqualTo("PUB weather\n\nsunny\n.\n");
            } finally {
                restarted.close();
            }
        }
    }

    @Test
    void givenASubscriberThatDoesNotRead_thenItIsDisconnectedAndCounted_whileOthersKeepReceiving() throws Exception {
        MiddlemanMetrics metrics = a.runtime.get(MiddlemanMetrics.class);
        long before = metrics.slowConsumers();
        try (WsPeer publisher = WsPeer.login(a.port, SERVICE_KEY); WsPeer reader = WsPeer.login(a.port, SERVICE_KEY);
             WsPeer stuck = WsPeer.loginNotReading(a.port, SERVICE_KEY)) {
            stuck.send("SUB flood");
            reader.send("SUB flood");
            reader.sync();
            String big = "x".repeat(16_000);
            int sent = 0;
            while (metrics.slowConsumers() == before && sent < 20_000) {
                try {
                    publisher.send("PUB flood\n\n" + big + "\n.\n");
                } catch (RuntimeException e) {
                    throw new AssertionError("publisher closed after " + sent + ": " + publisher.closed.getNow("?"), e);
                }
                sent++;
            }
            assertThat(metrics.slowConsumers()).isEqualTo(before + 1);
            for (int i = 0; i < sent; i++) {
                assertThat(reader.next()).startsWith("PUB flood\n");
            }
        }
    }
}
