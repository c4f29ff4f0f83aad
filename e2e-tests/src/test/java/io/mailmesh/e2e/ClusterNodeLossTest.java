package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.testing.NatsClusterExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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
 * The six executables on a three-node nats-server cluster in operator mode, every stream and bucket with three
 * replicas ({@code MESH_REPLICAS=3}), each executable given all three URLs; one node is SIGKILLed in the middle of
 * the work and restarted later, and no executable is restarted. {@value #DEFAULT_COUNT} mails and as many durable
 * orders in {@code mvn verify}; {@code -Dmailmesh.nodeLoss.count=1000} runs the full issue-18 load on demand.
 */
class ClusterNodeLossTest {
    static final int DEFAULT_COUNT = 200;
    static final int COUNT = Integer.getInteger("mailmesh.nodeLoss.count", DEFAULT_COUNT);

    @RegisterExtension
    static NatsClusterExtension nats = NatsClusterExtension.withOperatorAuth();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    @RegisterExtension
    static GreenMailExtension mail = DevMailServer.perClass();
    static MeshProcesses mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mail.setUser("sched@mailmesh.test", "sched", "sched-secret");
        mesh = new MeshProcesses("ClusterNodeLossTest", nats.urls(), "redis://127.0.0.1:" + redis.port(),
                mail.getSmtp().getPort(), nats::creds, Map.of("MESH_REPLICAS", "3"));
        mesh.startAll(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void mailsAreImportedOnceAndDurableOrdersHandledWhileANodeIsKilledAndRestarted() throws Exception {
        // given a user with a local identity for the mails, and another user with COUNT contacts whose addresses
        // mq-worker's contact_update (a durable order on contactAction) will lower-case
        String run = UUID.randomUUID().toString().substring(0, 8);
        MeshApi inbox = user("inbound-" + run);
        String address = "inbox-" + run + "@mailmesh.local";
        inbox.post("/api/v2/identities/locals", Map.of("address", address));
        MeshApi owner = user("contacts-" + run);
        List<String> contacts = IntStream.range(0, COUNT).mapToObj(i -> owner.post("/api/v2/contacts",
                Map.of("given_name", "c" + i)).path("id").asText()).toList();
        long redeliveredBefore = contactConsumer().getRedelivered();
        SmtpSender sender = new SmtpSender("127.0.0.1", mesh.smtpPort());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger();
        AtomicInteger apiRetries = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        long started = System.nanoTime();
        long killedAt;
        long restartedAt;

        // when the mails go in through smtp-bridge (retried on 4xx as an MTA would) and the contacts are changed
        // through the API (a PATCH is idempotent, so a client retries it on 5xx)
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                int n = i;
                work.add(clients.submit(() -> {
                    sender.sendUntilAccepted(address, "<" + n + "." + run + "@e2e.test>", "mail " + n + " " + run,
                            Duration.ofSeconds(180));
                    accepted.incrementAndGet();
                    return null;
                }));
                work.add(clients.submit(() -> {
                    patchUntilAccepted(owner, contacts.get(n), "Order-" + n + "-" + run + "@Example.ORG",
                            apiRetries);
                    updated.incrementAndGet();
                    return null;
                }));
            }
            // and the nats-server leading the orders stream is SIGKILLed a quarter of the way in
            Deadline.await("a quarter of the mails accepted", Duration.ofSeconds(120),
                    () -> Optional.of(accepted.get()).filter(n -> n >= COUNT / 4));
            int lost = nats.leaderOf(DurableTopology.ORDERS_STREAM);
            nats.kill(lost);
            killedAt = System.nanoTime();
            int atKill = accepted.get() + updated.get();
            // and the mesh goes on with two nodes, then the lost node comes back on its data
            Deadline.await("progress with one node down", Duration.ofSeconds(120),
                    () -> Optional.of(accepted.get() + updated.get()).filter(n -> n >= atKill + COUNT / 4));
            nats.restart(lost);
            restartedAt = System.nanoTime();
            for (Future<?> one : work) {
                one.get();
            }
        } finally {
            clients.shutdownNow();
        }

        // then every mail is imported exactly once
        List<JsonNode> messages = Deadline.await(COUNT + " imported messages", Duration.ofSeconds(120), () -> {
            List<JsonNode> all = StreamSupport.stream(inbox.get("/api/v2/messages?limit=1000").path("messages")
                    .spliterator(), false).toList();
            return all.size() >= COUNT ? Optional.of(all) : Optional.empty();
        });
        assertThat(messages).hasSize(COUNT);
        assertThat(messages.stream().map(m -> m.path("subject").asText()).collect(Collectors.toSet()))
                .hasSize(COUNT).containsAll(IntStream.range(0, COUNT).mapToObj(i -> "mail " + i + " " + run).toList());
        // and every contact_update was handled (the address is lower-cased), with no contact made twice
        List<JsonNode> derived = Deadline.await("every contact derived", Duration.ofSeconds(120), () -> {
            List<JsonNode> all = StreamSupport.stream(owner.get("/api/v2/contacts").spliterator(), false).toList();
            long done = all.stream().filter(c -> c.path("emails").path(0).path("address").asText()
                    .equals(c.path("emails").path(0).path("address").asText().toLowerCase(Locale.ROOT))
                    && c.path("emails").size() == 1).count();
            return done == COUNT ? Optional.of(all) : Optional.empty();
        });
        assertThat(derived).hasSize(COUNT);
        assertThat(derived.stream().map(c -> c.path("emails").path(0).path("address").asText())
                .collect(Collectors.toSet())).isEqualTo(IntStream.range(0, COUNT)
                .mapToObj(i -> ("Order-" + i + "-" + run + "@Example.ORG").toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet()));
        // and nothing is left unacknowledged, and every executable is ready without having been restarted
        ConsumerInfo consumer = Deadline.await("contactAction drained", Duration.ofSeconds(60),
                () -> Optional.of(contactConsumer()).filter(c -> c.getNumPending() == 0 && c.getNumAckPending() == 0));
        mesh.instances().forEach(e -> mesh.awaitReady(e, Duration.ofSeconds(60)));
        System.out.printf(Locale.ROOT, "node loss: %d mails + %d contact updates in %.1f s (node down %.1f s); "
                + "%d SMTP 4xx retries, %d API retries, %d contactAction redeliveries%n", COUNT, COUNT,
                seconds(System.nanoTime() - started), seconds(restartedAt - killedAt), sender.temporaryFailures(),
                apiRetries.get(), consumer.getRedelivered() - redeliveredBefore);
    }

    @Test
    void eachSyncSlotIsEmittedOnceWhileANodeIsKilledAndRestarted() throws Exception {
        // given a remote IMAP identity polled every 10 seconds (a slot outlasts a leader election)
        String run = UUID.randomUUID().toString().substring(0, 8);
        MeshApi api = user("sched-" + run);
        String identity = api.post("/api/v2/identities/remotes", Map.of("protocol", "imap",
                "address", "sched@mailmesh.test", "poll_interval", 10,
                "incoming", Map.of("host", "127.0.0.1", "port", mail.getImap().getPort(), "security", "none",
                        "username", "sched"),
                "credentials", Map.of("password", "sched-secret"))).path("id").asText();
        Deadline.await("the first syncs", Duration.ofSeconds(60),
                () -> Optional.of(slots(identity)).filter(s -> s.size() >= 2));

        // when the node leading the lease bucket is SIGKILLed for a few slots, then restarted
        int lost = nats.leaderOf("KV_identities_leases");
        nats.kill(lost);
        int atKill = slots(identity).size();
        Deadline.await("syncs with a node down", Duration.ofSeconds(60),
                () -> Optional.of(slots(identity)).filter(s -> s.size() >= atKill + 1));
        nats.restart(lost);
        int atRestart = slots(identity).size();
        TreeSet<Long> slots = Deadline.await("syncs after the restart", Duration.ofSeconds(60),
                () -> Optional.of(slots(identity)).filter(s -> s.size() >= atRestart + 2));

        // then the slots from the first to the last were each emitted, none twice (the stream keeps one order
        // per slot id, and there is no gap where a slot was lost)
        List<Long> missing = new ArrayList<>();
        for (long s = slots.first(); s <= slots.last(); s++) {
            if (!slots.contains(s)) {
                missing.add(s);
            }
        }
        assertThat(missing).as("slots never emitted").isEmpty();
        System.out.printf(Locale.ROOT, "node loss while scheduling: %d consecutive slots, none missing%n",
                slots.size());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static MeshApi user(String name) {
        return new MeshApi(mesh.apiUrl()).asNewUser(name);
    }

    private static void patchUntilAccepted(MeshApi api, String contact, String address, AtomicInteger retries) {
        Deadline.await("PATCH of contact " + contact, Duration.ofSeconds(180), () -> {
            try {
                api.patch("/api/v2/contacts/" + contact, Map.of("emails", List.of(Map.of("address", address))));
                return Optional.of(true);
            } catch (MeshApi.ApiCallFailed e) {
                if (e.getMessage().contains(" answered 4")) {
                    throw e;
                }
                retries.incrementAndGet();
                return Optional.empty();
            }
        });
    }

    private static ConsumerInfo contactConsumer() {
        try (Connection ops = nats.connect()) {
            return ops.jetStreamManagement().getConsumerInfo(DurableTopology.ORDERS_STREAM,
                    DurableTopology.consumerName(Routes.CONTACT_ACTION));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the contactAction consumer: " + e.getMessage(), e);
        }
    }

    /** The slots of the identity's sync orders in the orders stream, read again while a node is being elected. */
    private static TreeSet<Long> slots(String identity) {
        return Deadline.await("the sync orders readable", Duration.ofSeconds(60), () -> {
            try {
                return Optional.of(readSlots(identity));
            } catch (IllegalStateException electing) {
                return Optional.empty();
            }
        });
    }

    /** The slots of the identity's sync orders in the orders stream, from their message ids. */
    private static TreeSet<Long> readSlots(String identity) {
        TreeSet<Long> slots = new TreeSet<>();
        try (Connection ops = nats.connect()) {
            JetStreamSubscription sub = ops.jetStream().subscribe(Routes.IMAP_FETCHER.subject(),
                    PullSubscribeOptions.builder().configuration(ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.All).inactiveThreshold(Duration.ofSeconds(30)).build())
                            .build());
            while (true) {
                List<Message> batch = sub.fetch(500, Duration.ofSeconds(1));
                if (batch.isEmpty()) {
                    break;
                }
                for (Message m : batch) {
                    String id = m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Msg-Id");
                    if (id != null && id.startsWith("sync." + identity + ".")) {
                        slots.add(Long.parseLong(id.substring(id.lastIndexOf('.') + 1)));
                    }
                    m.ack();
                }
            }
            sub.unsubscribe();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the sync orders: " + e.getMessage(), e);
        }
        return slots;
    }

}
