package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.security.StoreAccess;
import io.mailmesh.mesh.testing.NatsClusterExtension;
import io.mailmesh.mesh.testing.RedisServerExtension;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of each of the six executables (twelve JVMs) on a three-node nats-server cluster in operator mode,
 * every stream and bucket with three replicas: orders on a queue group are handled by exactly one instance, and
 * an IMAP identity's worker runs on exactly one imap-bridge instance, follows the orders sent through either
 * api-emitter, and moves to the other instance when its owner is SIGKILLed.
 */
class MultiInstanceTest {
    /** A short worker lease so the takeover fits in the test; the default is 15 s. */
    static final Duration LEASE = Duration.ofSeconds(3);
    /** Takeover bound: the lease expires, the survivor's next check (every lease/3) takes it, then starts it. */
    static final Duration TAKEOVER_BOUND = LEASE.plus(LEASE.dividedBy(3));
    /** Room for the worker's start (IMAP login and IDLE) on a loaded 2-core machine. */
    static final Duration WORKER_START = Duration.ofSeconds(10);
    static final int MAILS_PER_BRIDGE = 20;
    static final int CONTACTS_PER_API = 20;
    private static final String API_1 = "api-emitter";
    private static final String API_2 = "api-emitter-2";
    private static final List<String> IMAP_BRIDGES = List.of("imap-bridge", "imap-bridge-2");
    private static final List<String> MQ_WORKERS = List.of("mq-worker", "mq-worker-2");

    @RegisterExtension
    static NatsClusterExtension nats = NatsClusterExtension.withOperatorAuth();
    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension();

    @RegisterExtension
    static GreenMailExtension mail = DevMailServer.perClass();
    static MeshProcesses mesh;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = new MeshProcesses("MultiInstanceTest", nats.urls(), "redis://127.0.0.1:" + redis.port(),
                mail.getSmtp().getPort(), nats::creds, Map.of("MESH_REPLICAS", "3",
                        "IMAP_WORKER_LEASE", String.valueOf(LEASE.toSeconds())), 2);
        // all twelve at once: on 2 cores they share the CPU, so the deadline is generous and the time printed
        long started = System.nanoTime();
        mesh.startAll(Duration.ofSeconds(240));
        System.out.printf(Locale.ROOT, "two instances: %d executables ready in %.1f s%n", mesh.instances().size(),
                (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void ordersOnAQueueGroupAreHandledOnceWhicheverInstanceTheyEnterBy() throws Exception {
        // given a user with a local identity, known to both api-emitters, and contacts made through both
        String run = UUID.randomUUID().toString().substring(0, 8);
        MeshApi first = user(API_1, "queues-" + run);
        MeshApi second = new MeshApi(mesh.apiUrl(API_2)).withToken(first.token());
        String address = "inbox-" + run + "@mailmesh.local";
        first.post("/api/v2/identities/locals", Map.of("address", address));
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 2 * CONTACTS_PER_API; i++) {
            contacts.add((i % 2 == 0 ? first : second).post("/api/v2/contacts", Map.of("given_name", "c" + i))
                    .path("id").asText());
        }
        // and both mq-workers pulling from contactAction's one shared durable consumer
        Deadline.await("both mq-workers pulling contact orders", Duration.ofSeconds(30),
                () -> pullsWaiting(Routes.CONTACT_ACTION) >= MQ_WORKERS.size() ? Optional.of(true) : Optional.empty());
        Map<String, Double> importsBefore = handled(MQ_WORKERS, Routes.INBOUND_SMTP.subject());
        Map<String, Double> updatesBefore = handled(MQ_WORKERS, Routes.CONTACT_ACTION.subject());

        // when mails go into each smtp-bridge instance, and contact_update (a durable order on contactAction)
        // goes through each api-emitter instance, all at once
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (String bridge : List.of("smtp-bridge", "smtp-bridge-2")) {
                SmtpSender sender = new SmtpSender("127.0.0.1", mesh.smtpPort(bridge));
                for (int i = 0; i < MAILS_PER_BRIDGE; i++) {
                    String subject = "mail " + i + " via " + bridge + " " + run;
                    String messageId = "<" + i + "." + bridge + "." + run + "@e2e.test>";
                    work.add(clients.submit(() -> {
                        sender.sendUntilAccepted(address, messageId, subject, Duration.ofSeconds(60));
                        return null;
                    }));
                }
            }
            for (int i = 0; i < contacts.size(); i++) {
                MeshApi api = i % 2 == 0 ? first : second;
                String contact = contacts.get(i);
                String email = "Order-" + i + "-" + run + "@Example.ORG";
                work.add(clients.submit(() -> api.patch("/api/v2/contacts/" + contact,
                        Map.of("emails", List.of(Map.of("address", email))))));
            }
            for (Future<?> one : work) {
                one.get();
            }
        } finally {
            clients.shutdownNow();
        }

        // then every mail is imported exactly once, whichever smtp-bridge it came in by
        int mails = 2 * MAILS_PER_BRIDGE;
        List<JsonNode> messages = Deadline.await(mails + " imported messages", Duration.ofSeconds(60), () -> {
            List<JsonNode> all = StreamSupport.stream(second.get("/api/v2/messages?limit=1000").path("messages")
                    .spliterator(), false).toList();
            return all.size() >= mails ? Optional.of(all) : Optional.empty();
        });
        assertThat(messages).hasSize(mails);
        assertThat(messages.stream().map(m -> m.path("subject").asText()).collect(Collectors.toSet()))
                .hasSize(mails);
        // and every contact_update was handled once: one address each, lower-cased, none made twice
        List<JsonNode> derived = Deadline.await("every contact updated", Duration.ofSeconds(60), () -> {
            List<JsonNode> all = StreamSupport.stream(first.get("/api/v2/contacts").spliterator(), false).toList();
            return all.size() == contacts.size() && all.stream().allMatch(c -> c.path("emails").size() == 1
                    && c.path("emails").path(0).path("address").asText().startsWith("order-"))
                    ? Optional.of(all) : Optional.empty();
        });
        assertThat(derived.stream().map(c -> c.path("emails").path(0).path("address").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, contacts.size())
                        .mapToObj(i -> ("Order-" + i + "-" + run + "@Example.ORG").toLowerCase(Locale.ROOT))
                        .toList());
        // and both mq-worker instances took a share of the requests (a queue group spreads them at random); how
        // the shared consumer spread the durable orders depends on the pulls' timing, so it is shown, not asserted
        // (a handler's timer is recorded just after its store writes, which the API may show first)
        Map<String, Double> imports = Deadline.await(mails + " imports counted", Duration.ofSeconds(10),
                () -> counted(since(importsBefore, handled(MQ_WORKERS, Routes.INBOUND_SMTP.subject())), mails));
        Map<String, Double> updates = Deadline.await(contacts.size() + " updates counted", Duration.ofSeconds(10),
                () -> counted(since(updatesBefore, handled(MQ_WORKERS, Routes.CONTACT_ACTION.subject())),
                        contacts.size()));
        System.out.printf(Locale.ROOT, "two instances: process_inbound handled per mq-worker %s, contact_update %s%n",
                imports, updates);
        assertThat(imports.values()).allMatch(n -> n > 0);
    }

    /** The orders handled per instance, once they add up to at least {@code total}. */
    private static Optional<Map<String, Double>> counted(Map<String, Double> perInstance, int total) {
        return perInstance.values().stream().mapToDouble(Double::doubleValue).sum() >= total
                ? Optional.of(perInstance) : Optional.empty();
    }

    @Test
    void anImapWorkerRunsOnOneInstanceFollowsOrdersFromEitherApiAndMovesWhenItsOwnerIsKilled() throws Exception {
        // given the worker buckets hold their leases on every node
        try (Connection ops = nats.connect()) {
            assertThat(ops.jetStreamManagement().getStreamInfo("KV_" + StoreAccess.IMAP_WORKERS)
                    .getConfiguration().getReplicas()).isEqualTo(NatsClusterExtension.REPLICAS);
        }
        // and two IMAP identities added through the first api-emitter: one whose password the server refuses,
        // one that works (polled rarely, so only a worker's IDLE brings new mail in quickly)
        String run = UUID.randomUUID().toString().substring(0, 8);
        MeshApi first = user(API_1, "imap-" + run);
        MeshApi second = new MeshApi(mesh.apiUrl(API_2)).withToken(first.token());
        String moving = imapIdentity(first, "moving-" + run, "wrong");
        String removed = imapIdentity(first, "removed-" + run, "secret-removed-" + run);

        // then each identity has one owner; the working one runs there and nowhere else, the refused one nowhere
        Map<String, String> owners = awaitWorkers("the working identity's worker on its owner",
                Map.of(removed, true, moving, false));
        String mover = owners.get(moving);

        // when the refused identity's password is fixed through the other api-emitter (reload_worker)
        second.patch("/api/v2/identities/remotes/" + moving,
                Map.of("credentials", Map.of("password", "secret-moving-" + run)));

        // then its owner, which kept the lease, starts the worker; it runs there and nowhere else
        owners = awaitWorkers("the reloaded worker on its owner", Map.of(removed, true, moving, true));
        assertThat(owners.get(moving)).isEqualTo(mover);

        // when the other identity is deleted through the other api-emitter (remove_worker)
        second.delete("/api/v2/identities/remotes/" + removed);

        // then its owner stops the worker and gives the lease back; the desired state is gone
        owners = awaitWorkers("the removed worker stopped", Map.of(moving, true));
        assertThat(entry("want." + removed)).isEmpty();
        assertThat(entry("owner." + removed)).isEmpty();

        // when the instance running the remaining worker is SIGKILLed
        String owner = instanceNamed(owners.get(moving));
        String survivor = IMAP_BRIDGES.stream().filter(b -> !b.equals(owner)).findFirst().orElseThrow();
        long killed = System.nanoTime();
        mesh.kill(owner);

        // then the survivor takes the identity over and runs its worker within lease x 4/3 + the worker's start
        Deadline.await("the survivor running the worker of " + moving, TAKEOVER_BOUND.plus(WORKER_START),
                () -> Optional.of(true).filter(t -> mesh.instanceId(survivor).equals(holder(moving).orElse(""))
                        && workers(survivor) == 1));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(Locale.ROOT, "two instances: imap worker taken over %.1f s after SIGKILL of its owner "
                + "(lease %d s, bound %.1f s + start)%n", takeover.toMillis() / 1e3, LEASE.toSeconds(),
                TAKEOVER_BOUND.toMillis() / 1e3);

        // and a new mail in the account is synced once, brought in by the survivor's worker
        String subject = "after the takeover " + run;
        GreenMailUtil.sendTextEmail("moving-" + run + "@mailmesh.test", "someone@example.org", subject, "hello",
                mail.getSmtp().getServerSetup());
        List<JsonNode> arrived = Deadline.await("the new mail imported", Duration.ofSeconds(60), () -> {
            List<JsonNode> all = StreamSupport.stream(second.get("/api/v2/messages?limit=100").path("messages")
                    .spliterator(), false).filter(m -> subject.equals(m.path("subject").asText())).toList();
            return all.isEmpty() ? Optional.empty() : Optional.of(all);
        });
        assertThat(arrived).hasSize(1);
    }

    /** A remote IMAP identity on GreenMail, polled every 1,440 units (seconds here): only IDLE syncs it soon. */
    private static String imapIdentity(MeshApi api, String name, String password) {
        mail.setUser(name + "@mailmesh.test", name, "secret-" + name);
        return api.post("/api/v2/identities/remotes", Map.of("protocol", "imap", "address",
                name + "@mailmesh.test", "poll_interval", 1440,
                "incoming", Map.of("host", "127.0.0.1", "port", mail.getImap().getPort(), "security", "none",
                        "username", name),
                "credentials", Map.of("password", password))).path("id").asText();
    }

    /**
     * Waits until each identity (true: with a running worker) has an owner, every imap-bridge runs exactly the
     * workers of the running identities it owns, and no other; returns the owner of each identity.
     */
    private Map<String, String> awaitWorkers(String what, Map<String, Boolean> identities) {
        return Deadline.await(what, Duration.ofSeconds(60), () -> {
            Map<String, String> owners = new LinkedHashMap<>();
            for (String identity : identities.keySet()) {
                Optional<String> holder = holder(identity);
                if (holder.isEmpty()) {
                    return Optional.empty();
                }
                owners.put(identity, holder.get());
            }
            for (String bridge : IMAP_BRIDGES) {
                long expected = identities.entrySet().stream().filter(Map.Entry::getValue)
                        .filter(e -> owners.get(e.getKey()).equals(mesh.instanceId(bridge))).count();
                if (workers(bridge) != expected) {
                    return Optional.empty();
                }
            }
            return Optional.of(owners);
        });
    }

    /** The instance named by the identity's owner lease, read from the {@code imap_workers} bucket. */
    /** Pull requests waiting on the route's shared durable consumer: one or more per instance consuming it. */
    private static long pullsWaiting(Route route) {
        try (Connection ops = nats.connect()) {
            return ops.jetStreamManagement().getConsumerInfo(DurableTopology.streamOf(route),
                    DurableTopology.consumerName(route)).getNumWaiting();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the consumer of " + route.subject() + ": " + e, e);
        }
    }

    private static Optional<String> holder(String identity) {
        return entry("owner." + identity).map(v -> v.substring(0, v.lastIndexOf('|')));
    }

    private static Optional<String> entry(String key) {
        try (Connection ops = nats.connect()) {
            KeyValue kv = ops.keyValue(StoreAccess.IMAP_WORKERS);
            KeyValueEntry e = kv.get(key);
            return e == null || e.getOperation() != KeyValueOperation.PUT ? Optional.empty()
                    : Optional.of(e.getValueAsString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + key + " of " + StoreAccess.IMAP_WORKERS + ": " + e, e);
        }
    }

    private static String instanceNamed(String instanceId) {
        return IMAP_BRIDGES.stream().filter(b -> mesh.instanceId(b).equals(instanceId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no imap-bridge runs as " + instanceId));
    }

    /** The {@code mesh_imap_workers} gauge of an imap-bridge instance. */
    private static long workers(String bridge) {
        Matcher m = Pattern.compile("(?m)^mesh_imap_workers\\{[^}]*} ([0-9.eE+-]+)$").matcher(mesh.metrics(bridge));
        if (!m.find()) {
            throw new IllegalStateException(bridge + " exposes no mesh_imap_workers");
        }
        return Math.round(Double.parseDouble(m.group(1)));
    }

    /** Per instance, the orders on {@code subject} it handled successfully ({@code mesh_orders_seconds_count}). */
    private static Map<String, Double> handled(List<String> instances, String subject) {
        Pattern count = Pattern.compile("(?m)^mesh_orders_seconds_count\\{([^}]*)} ([0-9.eE+-]+)$");
        Map<String, Double> handled = new LinkedHashMap<>();
        for (String instance : instances) {
            double sum = 0;
            Matcher m = count.matcher(mesh.metrics(instance));
            while (m.find()) {
                if (m.group(1).contains("subject=\"" + subject + "\"") && m.group(1).contains("outcome=\"ok\"")) {
                    sum += Double.parseDouble(m.group(2));
                }
            }
            handled.put(instance, sum);
        }
        return handled;
    }

    private static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0.0)));
        return delta;
    }

    private static MeshApi user(String api, String name) {
        return new MeshApi(mesh.apiUrl(api)).asNewUser(name);
    }
}
