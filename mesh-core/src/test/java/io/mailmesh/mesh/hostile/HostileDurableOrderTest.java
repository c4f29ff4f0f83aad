package io.mailmesh.mesh.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.PayloadShape;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every hostile durable order is dead-lettered once with its cause, never looped nor dropped: the bug report's
 * examples, and a non-ASCII order name and id on every pub/sub route, published raw as {@code nats pub} would.
 */
class HostileDurableOrderTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void everyHostileOrderOnEveryPubSubRouteIsDeadLetteredOnceWithItsCause() throws Exception {
        // given a worker whose handlers reject unknown ids (quoting them) on every pub/sub route, twitter_dm's sync too
        List<Route> published = new ArrayList<>(DurableTopology.durableRoutes());
        published.add(Routes.TWITTER_DM);
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("hostile-worker", nats.url()),
                TestWorkers.handlers(RejectingHandlers.forRoutes(published)));
             Connection raw = Nats.connect(nats.url())) {
            List<Hostile> orders = new ArrayList<>(List.of(
                    new Hostile(Routes.KEY_ACTION,
                            "{\"order\":\"discover_key\",\"contact_id\":\"\u00e9\",\"user_id\":\"u\"}"),
                    new Hostile(Routes.IDENTITIES, "{\"order\":\"update_interval\",\"identity_id\":\"i\","
                            + "\"poll_intervall\":\"\u00e9\",\"protocol\":\"imap\",\"user_id\":\"u\"}"),
                    new Hostile(Routes.CONTACT_ACTION, "{\"order\":\"contact_update\",\"contact_id\":\"a\\r\\nb\","
                            + "\"user_id\":\"u\"}")));
            for (Route route : published) {
                orders.add(new Hostile(route, "{\"order\":\"d\u00e9livrer\",\"remote_id\":\"r\",\"user_id\":\"u\"}"));
                var remoteOrder = route.orders().stream().filter(o -> o.shape() == PayloadShape.REMOTE).findFirst();
                if (remoteOrder.isPresent()) {
                    String order = remoteOrder.get().wireName();
                    orders.add(new Hostile(route, "{\"order\":\"" + order + "\",\"remote_id\":\"\uD83D\uDE80\\u0000\","
                            + "\"user_id\":\"u\"}"));
                }
            }

            // when each is published
            for (Hostile order : orders) {
                raw.publish(order.route().subject(), order.payload().getBytes(StandardCharsets.UTF_8));
            }

            // then each is dead-lettered on its route with a code and a safe error header
            List<Message> dead = DeadLetterReader.await(raw, DurableTopology.DEAD_LETTER_PREFIX + ">", orders.size(),
                    Duration.ofSeconds(30));
            Map<String, Message> byPayload = dead.stream().collect(Collectors.toMap(
                    m -> m.getSubject() + " " + new String(m.getData(), StandardCharsets.UTF_8), Function.identity()));
            assertThat(byPayload).hasSize(orders.size());
            SoftAssertions softly = new SoftAssertions();
            for (Hostile order : orders) {
                Message letter = byPayload.get("deadletter." + order.route().subject() + " " + order.payload());
                softly.assertThat(letter).as("dead letter of %s", order).isNotNull();
                if (letter == null) {
                    continue;
                }
                softly.assertThat(letter.getHeaders().getFirst(MeshHeaders.DEAD_ERROR_CODE)).as("%s", order)
                        .isIn("unknown_order", "not_found");
                softly.assertThat(letter.getHeaders().getFirst(MeshHeaders.DEAD_ERROR)).as("%s", order)
                        .matches("[\\x20-\\x7E]{1,512}");
                softly.assertThat(letter.getHeaders().getFirst(MeshHeaders.DEAD_DELIVERIES)).isEqualTo("1");
            }
            softly.assertAll();

            // and nothing is left pending or unacknowledged on any durable consumer (no order loops)
            JetStreamManagement jsm = raw.jetStreamManagement();
            TestWorkers.await(Duration.ofSeconds(10), "every consumer settled", () -> DurableTopology.durableRoutes()
                    .stream().allMatch(route -> settled(jsm, route)));
        }
    }

    private static boolean settled(JetStreamManagement jsm, Route route) {
        try {
            ConsumerInfo info = jsm.getConsumerInfo(DurableTopology.ORDERS_STREAM, DurableTopology.consumerName(route));
            return info.getNumPending() == 0 && info.getNumAckPending() == 0 && info.getRedelivered() == 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Hostile(Route route, String payload) {
        @Override
        public String toString() {
            return route.subject() + " " + payload.substring(0, Math.min(60, payload.length()));
        }
    }
}
