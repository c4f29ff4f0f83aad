package io.mailmesh.identitiesworker.bench;

import io.mailmesh.identitiesworker.IdentitiesSettings;
import io.mailmesh.identitiesworker.IntervalUnit;
import io.mailmesh.identitiesworker.lease.SlotLeases;
import io.mailmesh.identitiesworker.schedule.IdentitySchedule;
import io.mailmesh.identitiesworker.schedule.SlotClock;
import io.mailmesh.identitiesworker.schedule.SyncEmitter;
import io.mailmesh.identitiesworker.schedule.SyncPlan;
import io.mailmesh.identitiesworker.schedule.SyncScheduler;
import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.emit.NatsOrderEmitter;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.mesh.testing.TestStore;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Routes;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On-demand benchmark (not part of {@code mvn verify}) of N identities (default 100,000) on a real nats-server.
 * <ol>
 *   <li>Start: puts them into the store, then times what a start does (read every remote identity from the store
 *   and bulk-load the scheduler) and the heap it holds, on a scheduler that does not fire (the full GCs of the
 *   heap measure would otherwise stop the world while syncs are due).</li>
 *   <li>Firing: loads them into a started scheduler, each last synced just now, lets each fire once over one
 *   interval (lease in the KV bucket + JetStream publish on IMAPfetcher) and reports the lateness of the syncs as
 *   a subscriber receives them, against their due time.</li>
 * </ol>
 *
 * <pre>bin/bench schedule [-Dbench.timeline=true] [-- 100000 60 [catch-up]]</pre>
 *
 * With {@code catch-up} no identity has been synced: all are due at once, and the figures show how fast a
 * backlog drains (lateness is then the backlog's, not the schedule's). {@code bench.timeline} prints the lateness
 * per 100 ms of due time around the load.
 */
public final class ScheduleBenchmark {
    private ScheduleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int intervalSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        boolean catchUp = args.length > 2 && args[2].equals("catch-up");
        NatsServer server = new NatsServer();
        server.start();
        try (Connection connection = Nats.connect(server.url()); Connection observer = Nats.connect(server.url())) {
            new DurableTopology(connection, 1).ensure();
            MeshConfig config = MeshConfig.forTests("identities-worker", server.url()).withInstanceId("bench");
            IdentitiesSettings settings = IdentitiesSettings.defaults().withIntervalUnit(IntervalUnit.SECONDS);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            registry.config().meterFilter(new MeterFilter() { // percentiles over the whole run, not a 2-min window
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    return DistributionStatisticConfig.builder().expiry(Duration.ofHours(1)).bufferLength(1).build()
                            .merge(config);
                }
            });
            SlotLeases leases = new SlotLeases(connection, settings, config);
            leases.open();
            SyncEmitter emitter = new SyncEmitter(new NatsOrderEmitter(connection, DeliveryMode.DURABLE,
                    new OrderCodec()), leases, settings, registry);
            SlotClock clock = new SlotClock(IntervalUnit.SECONDS);
            long interval = clock.intervalMillis(intervalSeconds);

            long[] lateness = new long[count * 2];
            long[] dues = new long[count * 2];
            AtomicInteger received = new AtomicInteger();
            Dispatcher dispatcher = observer.createDispatcher(m -> {
                long now = System.currentTimeMillis();
                String msgId = m.getHeaders().getFirst(MeshHeaders.MSG_ID);
                String[] parts = msgId.split("\\.");
                long due = clock.slotStart(parts[1], interval, Long.parseLong(parts[3]));
                int i = received.getAndIncrement();
                if (i < lateness.length) {
                    lateness[i] = now - due;
                    dues[i] = due;
                }
            });
            dispatcher.subscribe(Routes.IMAP_FETCHER.subject());
            observer.flush(Duration.ofSeconds(5));

            List<SyncScheduler.Scheduling> wanted = new ArrayList<>(count);
            Instant recent = Instant.now();
            for (int i = 0; i < count; i++) {
                // synced just now: no catch-up burst at start, every identity fires at its next boundary
                wanted.add(new SyncScheduler.Scheduling(new SyncPlan("bench-" + i, "user-" + (i % 1000),
                        Routes.IMAP_FETCHER, intervalSeconds), recent));
            }

            // start: the identities read from the store and loaded into a scheduler that is not firing (what
            // IdentitySchedule.reconcile does at start), and the heap it holds after a full GC
            MeshStore store = JetStreamMeshStore.open(connection, TestStore.settings(StoreSettings.Storage.MEMORY,
                    "bench_"));
            long writeMillis = writeIdentities(store, count, intervalSeconds);
            System.gc();
            long heapBefore = usedHeap();
            SyncScheduler standby = new SyncScheduler(config, settings, emitter);
            long startBegan = System.nanoTime();
            IdentitySchedule.Reconciliation start = new IdentitySchedule(store, standby).reconcile();
            long startMillis = (System.nanoTime() - startBegan) / 1_000_000;
            System.gc();
            long heapAfter = usedHeap();
            standby.shutdown();
            standby = null;
            System.gc();
            System.out.printf("start: read %,d identities from the store and scheduled %,d in %,d ms; heap used %,d MB"
                            + " (scheduler share %,d MB); the store took %,d ms to write them%n", start.remote(),
                    start.scheduled(), startMillis, heapAfter / (1 << 20), (heapAfter - heapBefore) / (1 << 20),
                    writeMillis);

            // timing: Quartz fires while the load (IdentitySchedule.reconcile's bulk load) is still running
            SyncScheduler scheduler = new SyncScheduler(config, settings, emitter);
            scheduler.start();
            // last synced just now, again: the standby load and its GCs took time, and an identity whose slot began
            // meanwhile would be a catch-up due before this scheduler existed, late by the harness's own set-up
            // ("catch-up": never synced, so every identity is due at once, as after a downtime of a whole interval)
            Instant justNow = Instant.now();
            wanted.replaceAll(s -> new SyncScheduler.Scheduling(s.plan(), catchUp ? null : justNow));
            long firingStart = System.currentTimeMillis();
            long began = System.nanoTime();
            scheduler.scheduleAll(wanted);
            long scheduleMillis = (System.nanoTime() - began) / 1_000_000;
            System.out.printf("firing run: %,d identities loaded in %,d ms while Quartz fires%n", count,
                    scheduleMillis);

            long deadline = firingStart + interval + 15_000;
            while (received.get() < count && System.currentTimeMillis() < deadline) {
                Thread.sleep(200); // a harness pacing its report, not test synchronisation
            }
            long firingMillis = System.currentTimeMillis() - firingStart;
            long unscheduleBegan = System.nanoTime();
            for (int i = 0; i < Math.min(1000, count); i++) {
                scheduler.unschedule("bench-" + i); // as delete_identity does, with the others still scheduled
            }
            double unscheduleMillis = (System.nanoTime() - unscheduleBegan) / 1e6 / Math.min(1000, count);
            scheduler.shutdown();
            int n = Math.min(received.get(), lateness.length);
            long[] sorted = Arrays.copyOf(lateness, n);
            Arrays.sort(sorted);
            System.out.printf("received %,d syncs in %,d ms (%,.0f/s); lateness vs due time: p50 %d ms, p99 %d ms, "
                            + "max %d ms; scheduler-side p99 fire lateness %.0f ms%n", n, firingMillis,
                    n * 1000.0 / firingMillis, pct(sorted, 0.50), pct(sorted, 0.99), n == 0 ? -1 : sorted[n - 1],
                    registry.get("mesh.identities.sync.lateness").timer().takeSnapshot().percentileValues()[1]
                            .value(java.util.concurrent.TimeUnit.MILLISECONDS));
            long loadEnd = firingStart + scheduleMillis;
            long[] duringLoad = java.util.stream.IntStream.range(0, n).filter(i -> dues[i] <= loadEnd + 1000)
                    .mapToLong(i -> lateness[i]).sorted().toArray();
            long[] afterLoad = java.util.stream.IntStream.range(0, n).filter(i -> dues[i] > loadEnd + 1000)
                    .mapToLong(i -> lateness[i]).sorted().toArray();
            System.out.printf("due before the load ended + 1 s: %,d syncs, p99 %d ms; due later: %,d syncs, p99 %d ms,"
                            + " max %d ms%n", duringLoad.length, pct(duringLoad, 0.99), afterLoad.length,
                    pct(afterLoad, 0.99), afterLoad.length == 0 ? -1 : afterLoad[afterLoad.length - 1]);
            if (Boolean.getBoolean("bench.timeline")) {
                for (long b = firingStart - 1000; b < loadEnd + 3000; b += 100) {
                    long from = b;
                    long[] in = java.util.stream.IntStream.range(0, n).filter(i -> dues[i] >= from && dues[i] < from + 100)
                            .mapToLong(i -> lateness[i]).sorted().toArray();
                    System.out.printf("due +%5d ms: %4d syncs, max lateness %d ms%n", b - firingStart, in.length,
                            in.length == 0 ? -1 : in[in.length - 1]);
                }
            }
            System.out.printf("unschedule with %,d scheduled: %.3f ms each%n", count, unscheduleMillis);
            System.out.printf("outcomes: %s%n", registry.find("mesh.identities.syncs").counters().stream()
                    .map(c -> c.getId().getTag("outcome") + "=" + (long) c.count()).toList());
        } finally {
            server.close();
        }
    }

    /** Puts {@code count} active remote identities, never synced, from 16 threads; returns the time it took. */
    private static long writeIdentities(MeshStore store, int count, int intervalSeconds) throws InterruptedException {
        long began = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(16);
        for (int i = 0; i < count; i++) {
            String id = "bench-" + i;
            String user = "user-" + (i % 1000);
            writers.execute(() -> store.identities().putIdentity(new Identity(id, user, IdentityKind.REMOTE,
                    Protocol.IMAP, id + "@remote.test", null, null, null, intervalSeconds, IdentityStatus.ACTIVE,
                    null)));
        }
        writers.shutdown();
        if (!writers.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("writing the identities took over 10 minutes");
        }
        return (System.nanoTime() - began) / 1_000_000;
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
