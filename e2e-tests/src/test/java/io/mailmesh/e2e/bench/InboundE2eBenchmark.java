package io.mailmesh.e2e.bench;

import io.mailmesh.mesh.store.Ids;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.MessageStore;
import io.mailmesh.mesh.store.RecordNotFoundException;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mesh.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * On-demand benchmark (not run by {@code mvn verify}), {@code bin/bench e2e}: N distinct 20 KiB mails over C SMTP
 * connections into smtp-bridge (a {@code java -jar} process, as deployed) until every one is imported by mq-worker
 * and visible in the store, against a trivial SMTP server that only writes each mail to a file
 * ({@link io.mailmesh.e2e.FileSmtpServer}, its own JVM too) fed by the same client in the same run. Rounds of both
 * sides in turn after a warm-up round of each; per round mails/s, latency per mail (MAIL FROM to the 250 after the
 * data) p50/p99, and CPU per mail of each process.
 *
 * <p>Arguments: {@code [mails] [connections]} (default 2000 8). Properties: {@code -Dbench.rounds} (3),
 * {@code -Dbench.workers} (mq-worker instances, 1), {@code -Dbench.jvm} (extra JVM options of the executables,
 * e.g. a profiler agent), {@code -Dbench.peerFsync=true} (the trivial peer syncs each file).
 */
public final class InboundE2eBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int WORKERS = Integer.getInteger("bench.workers", 1);
    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("..").toAbsolutePath().normalize().toString()));
    private static final Path WORK = ROOT.resolve("e2e-tests/target/bench-e2e");

    private InboundE2eBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mails = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Files.createDirectories(WORK);
        try (NatsServer nats = new NatsServer(); BenchProcesses processes = new BenchProcesses(ROOT, WORK)) {
            nats.start();
            Map<String, String> env = new LinkedHashMap<>(Map.of("NATS_URL", nats.url(),
                    "MESH_PROFILE", "development", "MESH_LOG_FORMAT", "plain"));
            int smtpPort = BenchProcesses.freePort();
            int peerPort = BenchProcesses.freePort();
            processes.startPeer(peerPort, WORK.resolve("peer-files"), Boolean.getBoolean("bench.peerFsync"));
            for (int w = 1; w <= WORKERS; w++) {
                processes.startExecutable("mq-worker", "mq-worker-" + w, env, Map.of("HKP_URL", "http://127.0.0.1:9",
                        "WKD_BASE_URL", "http://127.0.0.1:9", "KEY_LOOKUP_TIMEOUT", "2"));
            }
            processes.startExecutable("smtp-bridge", "smtp-bridge", env, Map.of("SMTP_LISTEN",
                    "127.0.0.1:" + smtpPort, "SMTP_PRIMARY_HOST", "bench.test", "SMTP_RELAY_HOST", "127.0.0.1",
                    "SMTP_RELAY_PORT", "9"));
            processes.awaitAllReady(Duration.ofSeconds(300)); // a loaded 2-core machine starts them slowly
            try (Connection connection = Nats.connect(nats.url())) {
                MeshStore store = JetStreamMeshStore.open(connection, StoreSettings.from(env, true));
                System.out.printf("%d distinct mails of %d bytes over %d SMTP connections; %d mq-worker instance(s); "
                        + "executables' JVM options: %s; trivial peer fsync: %s%n", mails,
                        BenchMails.mail(0, "x").length, connections, WORKERS, processes.jvmOptions(),
                        Boolean.getBoolean("bench.peerFsync"));
                Map<String, Long> cpuBefore = processes.cpuNanos(nats.pid());
                run(0, "warm-up", store, processes, nats, mails, connections, smtpPort, peerPort);
                List<Round> rounds = new ArrayList<>();
                for (int r = 1; r <= ROUNDS; r++) {
                    rounds.add(run(r, "round " + r, store, processes, nats, mails, connections, smtpPort, peerPort));
                }
                rounds.sort(java.util.Comparator.comparingDouble(Round::ratio));
                Round median = rounds.get(rounds.size() / 2);
                System.out.printf("median round: mesh %.0f mails/s (p50 %.1f ms, p99 %.1f ms), trivial peer %.0f "
                        + "mails/s (p50 %.1f ms, p99 %.1f ms), ratio %.2f%n", median.mesh().perSecond(),
                        median.mesh().p50(), median.mesh().p99(), median.peer().perSecond(), median.peer().p50(),
                        median.peer().p99(), median.ratio());
                System.out.printf("  mesh CPU per mail: %s%n", median.meshCpu());
                System.out.printf("(all rounds' CPU since start: %s)%n", processes.cpuSince(cpuBefore,
                        nats.pid()));
            }
        }
        System.exit(0);
    }

    private record Round(BenchClient.Result mesh, BenchClient.Result peer, String meshCpu) {
        double ratio() {
            return mesh.perSecond() / peer.perSecond();
        }
    }

    private static Round run(int round, String label, MeshStore store, BenchProcesses processes, NatsServer nats,
            int mails, int connections, int smtpPort, int peerPort) throws Exception {
        String userId = store.users().putUser(new User(Ids.newId(), "Bench " + label, null)).id();
        String address = "inbox-" + round + "-" + Ids.newId().substring(0, 8) + "@bench.test";
        store.identities().putIdentity(new Identity(Ids.newId(), userId, IdentityKind.LOCAL, Protocol.EMAIL,
                address, "Bench", null, null, 0, IdentityStatus.ACTIVE, null));
        String tag = "r" + round + "-" + Ids.newId().substring(0, 6);
        BenchClient.Result peer = new BenchClient(peerPort, address, tag + "-peer", mails, connections).run();
        Map<String, Long> before = processes.cpuNanos(nats.pid());
        long start = System.nanoTime();
        BenchClient.Result accepted = new BenchClient(smtpPort, address, tag, mails, connections).run();
        awaitImported(store, userId, tag, mails);
        double seconds = (System.nanoTime() - start) / 1e9;
        String cpu = processes.cpuPerMail(before, nats.pid(), mails);
        BenchClient.Result mesh = accepted.withPerSecond(mails / seconds);
        verifyEveryMail(store.messages(), userId, tag, mails);
        System.out.printf("%s: mesh %.0f mails/s until all imported (p50 %.1f ms, p99 %.1f ms, %d temporary "
                + "failures), trivial peer %.0f mails/s (p50 %.1f ms, p99 %.1f ms), ratio %.2f; mesh CPU per mail: "
                + "%s%n", label, mesh.perSecond(), mesh.p50(), mesh.p99(), mesh.temporaryFailures(),
                peer.perSecond(), peer.p50(), peer.p99(), mesh.perSecond() / peer.perSecond(), cpu);
        return new Round(mesh, peer, cpu);
    }

    /**
     * Waits until the round's discussion counts every mail (all mails of a round share their participants, so one
     * discussion holds them all): one store read per poll instead of a listing.
     */
    private static void awaitImported(MeshStore store, String userId, String tag, int mails) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String lastId = MessageStore.idForExternalId(userId, BenchMails.messageId(mails - 1, tag));
        String discussion = null;
        int counted = 0;
        while (System.nanoTime() < deadline) {
            try {
                if (discussion == null) {
                    discussion = store.messages().message(userId, lastId).discussionId();
                }
                counted = store.discussions().discussion(userId, discussion).messageCount();
                if (counted >= mails) {
                    return;
                }
            } catch (RecordNotFoundException e) {
                // not imported yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polling the store, not a sync
        }
        throw new IllegalStateException(counted + " of " + mails + " mails of " + tag + " imported after 120 s");
    }

    /** Every mail of the round is in the store, once (its id comes from its Message-ID). */
    private static void verifyEveryMail(MessageStore messages, String userId, String tag, int mails) {
        int found = 0;
        String cursor = null;
        java.util.Set<String> ids = new java.util.HashSet<>();
        do {
            var page = messages.messagesOf(userId, cursor, 500);
            page.items().forEach(m -> ids.add(m.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        for (int i = 0; i < mails; i++) {
            if (ids.contains(MessageStore.idForExternalId(userId, BenchMails.messageId(i, tag)))) {
                found++;
            }
        }
        if (found != mails || ids.size() != mails) {
            throw new IllegalStateException("the store holds " + found + " of the " + mails + " mails of " + tag
                    + " (" + ids.size() + " messages in all)");
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
