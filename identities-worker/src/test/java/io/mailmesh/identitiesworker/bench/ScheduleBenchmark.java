package io.mailmesh.identitiesworker.bench;

import io.mailmesh.identitiesworker.IdentitiesSettings;
import io.mailmesh.identitiesworker.IntervalUnit;
import io.mailmesh.identitiesworker.lease.SlotLeases;
import io.mailmesh.identitiesworker.schedule.SlotClock;
import io.mailmesh.identitiesworker.schedule.SyncEmitter;
import io.mailmesh.identitiesworker.schedule.SyncPlan;
import io.mailmesh.identitiesworker.schedule.SyncScheduler;
import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.emit.NatsOrderEmitter;
import io.mailmesh.mesh.testing.NatsServer;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On-demand benchmark (not part of {@code mvn verify}): schedules N identities (default 100,000) straight into the
 * scheduler's bulk load (the store is not involved: its listing reads identities one by one, which would
 * dominate), reports the time and heap it took (heap measured on a second, non-firing scheduler: the full GCs of
 * the measurement would otherwise stop the world while syncs are due), then lets every identity fire once over one interval on a real nats-server (lease in
 * the KV bucket + JetStream publish on IMAPfetcher) and reports the lateness of the syncs as a subscriber receives
 * them, against their due time.
 *
 * <pre>./mvnw -q -o -pl identities-worker test-compile exec:java -Dexec.classpathScope=test
 *   -Dexec.mainClass=io.mailmesh.identitiesworker.bench.ScheduleBenchmark [-Dexec.args="100000 60"]</pre>
 */
public final class ScheduleBenchmark {
    private ScheduleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int intervalSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
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
            AtomicInteger received = new AtomicInteger();
            Dispatcher dispatcher = observer.createDispatcher(m -> {
                long now = System.currentTimeMillis();
                String msgId = m.getHeaders().getFirst(MeshHeaders.MSG_ID);
                String[] parts = msgId.split("\\.");
                long due = clock.slotStart(parts[1], interval, Long.parseLong(parts[3]));
                int i = received.getAndIncrement();
                if (i < lateness.length) {
                    lateness[i] = now - due;
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

            // heap: the same load into a scheduler that is not firing, so the full GCs measuring it stop no fire
            System.gc();
            long heapBefore = usedHeap();
            SyncScheduler standby = new SyncScheduler(config, settings, emitter);
            standby.scheduleAll(wanted);
            System.gc();
            long heapAfter = usedHeap();
            standby.shutdown();
            standby = null;
            System.gc();

            // timing: Quartz fires while the load (IdentitySchedule.reconcile's bulk load) is still running
            SyncScheduler scheduler = new SyncScheduler(config, settings, emitter);
            scheduler.start();
            long firingStart = System.currentTimeMillis();
            long began = System.nanoTime();
            scheduler.scheduleAll(wanted);
            long scheduleMillis = (System.nanoTime() - began) / 1_000_000;
            System.out.printf("scheduled %,d identities in %,d ms; heap used %,d MB (scheduler share %,d MB)%n",
                    count, scheduleMillis, heapAfter / (1 << 20), (heapAfter - heapBefore) / (1 << 20));

            long deadline = firingStart + interval + 15_000;
            while (received.get() < count && System.currentTimeMillis() < deadline) {
                Thread.sleep(200); // a harness pacing its report, not test synchronisation
            }
            long firingMillis = System.currentTimeMillis() - firingStart;
            scheduler.shutdown();
            int n = Math.min(received.get(), lateness.length);
            long[] sorted = Arrays.copyOf(lateness, n);
            Arrays.sort(sorted);
            System.out.printf("received %,d syncs in %,d ms (%,.0f/s); lateness vs due time: p50 %d ms, p99 %d ms, "
                            + "max %d ms; scheduler-side p99 fire lateness %.0f ms%n", n, firingMillis,
                    n * 1000.0 / firingMillis, pct(sorted, 0.50), pct(sorted, 0.99), n == 0 ? -1 : sorted[n - 1],
                    registry.get("identities_sync_lateness").timer().takeSnapshot().percentileValues()[1]
                            .value(java.util.concurrent.TimeUnit.MILLISECONDS));
            System.out.printf("outcomes: %s%n", registry.find("identities_syncs_total").counters().stream()
                    .map(c -> c.getId().getTag("outcome") + "=" + (long) c.count()).toList());
        } finally {
            server.close();
        }
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
