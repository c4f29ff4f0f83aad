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
 * and visible in the store, against trivial SMTP servers that only write each mail to a file, fed by the same client
 * in the same run: the reference, Python's smtpd ({@code e2e-tests/src/test/python/file_smtpd.py}), and
 * {@link io.mailmesh.e2e.FileSmtpServer} (Java, thread per connection, its own JVM). Rounds of all sides in turn
 * after warm-up rounds of each; per round mails/s, latency per mail (MAIL FROM to the 250 after the data) p50/p99,
 * and CPU per mail of each process.
 *
 * <p>Arguments: {@code [mails] [connections]} (default 2000 8). Properties: {@code -Dbench.rounds} (3),
 * {@code -Dbench.warmups} (2), {@code -Dbench.workers} (mq-worker instances, 1), {@code -Dbench.peer}
 * (a comma-separated list of {@code python}, {@code java} and {@code jnats}; default {@code python,jnats};
 * {@code all} runs the three, {@code both} the two file writers), {@code -Dbench.python} (the Python 3.11 or older that runs smtpd, {@code python3}),
 * {@code -Dbench.jvm} (extra JVM options of the executables, e.g. a profiler agent), {@code -Dbench.peerFsync=true}
 * (the trivial peers sync each file).
 */
public final class InboundE2eBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int WARMUPS = Integer.getInteger("bench.warmups", 2);
    private static final int WORKERS = Integer.getInteger("bench.workers", 1);
    private static final String PEER = System.getProperty("bench.peer", "python,jnats");
    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("..").toAbsolutePath().normalize().toString()));
    private static final Path WORK = ROOT.resolve("e2e-tests/target/bench-e2e");

    private InboundE2eBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mails = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<String> peerKinds = switch (PEER) {
            case "all" -> List.of("python", "java", "jnats");
            case "both" -> List.of("python", "java"); // the two file writers, as before the jnats peer
            default -> List.of(PEER.split("\\s*,\\s*"));
        };
        Files.createDirectories(WORK);
        try (NatsServer nats = new NatsServer(); BenchProcesses processes = new BenchProcesses(ROOT, WORK)) {
            nats.start();
            Map<String, String> env = new LinkedHashMap<>(Map.of("NATS_URL", nats.url(),
                    "MESH_PROFILE", "development", "MESH_LOG_FORMAT", "plain"));
            int smtpPort = BenchProcesses.freePort();
            Map<String, Integer> peers = new LinkedHashMap<>();
            for (String kind : peerKinds) {
                int port = BenchProcesses.freePort();
                Path files = WORK.resolve(kind + "-peer-files");
                deleteMails(files); // each run writes (rounds + 1) x N files: the last run's are kept, no more
                processes.startPeer(kind, port, files, Boolean.getBoolean("bench.peerFsync"), nats.url());
                peers.put(kind, port);
            }
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
                        + "executables' JVM options: %s; peers %s, fsync: %s%n", mails,
                        BenchMails.mail(0, "x").length, connections, WORKERS, processes.jvmOptions(), peerKinds,
                        Boolean.getBoolean("bench.peerFsync"));
                Map<String, Long> cpuBefore = processes.cpuNanos(nats.pid());
                for (int w = 1; w <= WARMUPS; w++) { // the JIT compilers still cost ~1 ms per mail in a 2nd round
                    run(0, "warm-up " + w, store, processes, nats, mails, connections, smtpPort, peers);
                }
                List<Round> rounds = new ArrayList<>();
                for (int r = 1; r <= ROUNDS; r++) {
                    rounds.add(run(r, "round " + r, store, processes, nats, mails, connections, smtpPort, peers));
                }
                summarise(rounds, peers.keySet());
                System.out.printf("(all rounds' CPU since start: %s)%n", processes.cpuSince(cpuBefore,
                        nats.pid()));
            }
        }
        System.exit(0);
    }

    /** One round: the mesh's result and CPU per mail, and each peer's result and CPU per mail, by peer kind. */
    private record Round(BenchClient.Result mesh, String meshCpu, Map<String, BenchClient.Result> peers,
            Map<String, Double> peerCpuMs) {
        double ratio(String peer) {
            return mesh.perSecond() / peers.get(peer).perSecond();
        }
    }

    /** The round of median mesh throughput, and each peer's median ratio over the rounds. */
    private static void summarise(List<Round> rounds, java.util.Collection<String> peerKinds) {
        List<Round> byMesh = new ArrayList<>(rounds);
        byMesh.sort(java.util.Comparator.comparingDouble(r -> r.mesh().perSecond()));
        Round median = byMesh.get(byMesh.size() / 2);
        System.out.printf("median round: mesh %.0f mails/s (p50 %.1f ms, p99 %.1f ms); mesh CPU per mail: %s%n",
                median.mesh().perSecond(), median.mesh().p50(), median.mesh().p99(), median.meshCpu());
        for (String peer : peerKinds) {
            List<Round> byRatio = new ArrayList<>(rounds);
            byRatio.sort(java.util.Comparator.comparingDouble(r -> r.ratio(peer)));
            Round m = byRatio.get(byRatio.size() / 2);
            BenchClient.Result p = m.peers().get(peer);
            System.out.printf("  median ratio vs the %s peer: %.2f (that round: mesh %.0f mails/s, %s peer %.0f "
                    + "mails/s, p50 %.1f ms, p99 %.1f ms, CPU %.2f ms per mail)%n", peer, m.ratio(peer),
                    m.mesh().perSecond(), peer, p.perSecond(), p.p50(), p.p99(), m.peerCpuMs().get(peer));
        }
    }

    private static Round run(int round, String label, MeshStore store, BenchProcesses processes, NatsServer nats,
            int mails, int connections, int smtpPort, Map<String, Integer> peers) throws Exception {
        String userId = store.users().putUser(new User(Ids.newId(), "Bench " + label, null)).id();
        String address = "inbox-" + round + "-" + Ids.newId().substring(0, 8) + "@bench.test";
        store.identities().putIdentity(new Identity(Ids.newId(), userId, IdentityKind.LOCAL, Protocol.EMAIL,
                address, "Bench", null, null, 0, IdentityStatus.ACTIVE, null));
        String tag = "r" + round + "-" + Ids.newId().substring(0, 6);
        Map<String, BenchClient.Result> peerResults = new LinkedHashMap<>();
        Map<String, Double> peerCpu = new LinkedHashMap<>();
        Map<String, Double> peerNatsCpu = new LinkedHashMap<>();
        for (var peer : peers.entrySet()) {
            String kind = peer.getKey();
            Map<String, Long> cpuBefore = processes.cpuNanos(nats.pid());
            peerResults.put(kind, new BenchClient(peer.getValue(), address, tag + "-" + kind, mails, connections)
                    .run());
            Map<String, Long> cpuAfter = processes.cpuNanos(nats.pid());
            double natsMs = (cpuAfter.get("nats-server") - cpuBefore.get("nats-server")) / 1e6 / mails;
            double peerMs = (cpuAfter.get(kind + "-peer") - cpuBefore.get(kind + "-peer")) / 1e6 / mails;
            // the jnats peer's work is done as much in nats-server as in its own process
            peerCpu.put(kind, kind.equals("jnats") ? peerMs + natsMs : peerMs);
            peerNatsCpu.put(kind, natsMs);
        }
        Map<String, Long> before = processes.cpuNanos(nats.pid());
        long[] machineBefore = MachineCpu.read();
        long start = System.nanoTime();
        BenchClient.Result accepted = new BenchClient(smtpPort, address, tag, mails, connections).run();
        awaitImported(store, userId, tag, mails);
        double seconds = (System.nanoTime() - start) / 1e9;
        String cpu = processes.cpuPerMail(before, nats.pid(), mails) + ", machine busy "
                + MachineCpu.busySince(machineBefore);
        BenchClient.Result mesh = accepted.withPerSecond(mails / seconds);
        verifyEveryMail(store.messages(), userId, tag, mails);
        StringBuilder line = new StringBuilder(String.format("%s: mesh %.0f mails/s until all imported (p50 %.1f ms, "
                + "p99 %.1f ms, %d temporary failures; CPU per mail: %s)", label, mesh.perSecond(), mesh.p50(),
                mesh.p99(), mesh.temporaryFailures(), cpu));
        peerResults.forEach((kind, peer) -> line.append(String.format("; %s peer %.0f mails/s (p50 %.1f ms, p99 "
                + "%.1f ms, CPU %.2f ms per mail%s), ratio %.2f", kind, peer.perSecond(), peer.p50(), peer.p99(),
                peerCpu.get(kind), kind.equals("jnats") ? String.format(" of which nats-server %.2f ms",
                        peerNatsCpu.get(kind)) : "", mesh.perSecond() / peer.perSecond())));
        System.out.println(line);
        return new Round(mesh, cpu, peerResults, peerCpu);
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

    private static void deleteMails(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.newDirectoryStream(dir, "*.eml")) {
            for (Path file : files) {
                Files.delete(file);
            }
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
