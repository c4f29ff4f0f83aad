package io.mailmesh.identitiesworker.lease;

import static io.mailmesh.identitiesworker.Captured.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.identitiesworker.Captured;
import io.mailmesh.identitiesworker.TestMesh;
import io.mailmesh.identitiesworker.schedule.SyncScheduler;
import io.mailmesh.mesh.config.Ids;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedScheduleTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Connection observer;
    private static MeshStore store;

    @BeforeAll
    static void connect() throws Exception {
        observer = Nats.connect(nats.url());
        store = JetStreamMeshStore.open(observer, TestMesh.STORE);
    }

    @AfterAll
    static void close() throws Exception {
        observer.close();
    }

    private static double emitted(MeshRuntime runtime) {
        return runtime.get(MeterRegistry.class).counter("mesh.identities.syncs", "outcome", "emitted").count();
    }

    private static void closeQuietly(MeshRuntime runtime) {
        try {
            runtime.close();
        } catch (IllegalStateException alreadyClosedConnection) {
            // mesh-core: MeshRuntime.close() throws when its connection was closed under it (see report)
        }
    }

    /** Two instances share identities; one goes away; every slot of every identity is emitted exactly once. */
    private void everySlotOnceWhenOneInstanceGoes(Consumer<MeshRuntime> goAway) throws Exception {
        // given
        List<String> ids = List.of("s-imap-" + Ids.shortRandom(), "s-mail-" + Ids.shortRandom(),
                "s-tw-" + Ids.shortRandom());
        TestMesh.put(store, TestMesh.remote(ids.get(0), "u1", Protocol.IMAP, 1));
        TestMesh.put(store, TestMesh.remote(ids.get(1), "u1", Protocol.EMAIL, 1));
        TestMesh.put(store, TestMesh.remote(ids.get(2), "u2", Protocol.TWITTER, 1));
        try (Captured captured = new Captured(observer, "IMAPfetcher", "twitter_dm")) {
            MeshRuntime a = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMinutes(10)), "a");
            MeshRuntime b = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMinutes(10)), "b");
            try {
                for (String id : ids) {
                    captured.await(s -> id.equals(s.remoteId()), 3, WAIT);
                }
                double bBefore = emitted(b);

                // when
                goAway.accept(a);
                long goneAt = System.currentTimeMillis();

                // then
                for (String id : ids) {
                    captured.await(s -> id.equals(s.remoteId()) && s.atMillis() > goneAt + 100, 4, WAIT);
                }
                for (String id : ids) {
                    List<Long> slots = captured.matching(s -> id.equals(s.remoteId())).stream()
                            .map(Captured.Seen::slot).sorted().toList();
                    assertThat(slots).as("slots of %s", id).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(7);
                    assertThat(slots.get(slots.size() - 1) - slots.get(0) + 1).as("no slot of %s is missing", id)
                            .isEqualTo(slots.size());
                }
                Map<String, Long> perSubject = captured.all().stream()
                        .collect(Collectors.groupingBy(Captured.Seen::subject, Collectors.counting()));
                assertThat(perSubject).containsKeys("IMAPfetcher", "twitter_dm");
                assertThat(emitted(b)).isGreaterThanOrEqualTo(bBefore + 12);
            } finally {
                closeQuietly(a);
                b.close();
                ids.forEach(store.identities()::deleteIdentity);
            }
        }
    }

    @Test
    void killingOneInstanceLeavesEverySlotEmittedExactlyOnce() throws Exception {
        everySlotOnceWhenOneInstanceGoes(a -> {
            try {
                // a killed process vanishes from NATS at once, without draining anything
                a.get(io.nats.client.Connection.class).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void stoppingOneInstanceLeavesEverySlotEmittedExactlyOnce() throws Exception {
        everySlotOnceWhenOneInstanceGoes(MeshRuntime::close);
    }

    @Test
    void anIdentityAddedThroughOneInstanceIsScheduledByTheOtherAtOnce() throws Exception {
        // given
        String id = "s-new-" + Ids.shortRandom();
        MeshRuntime a = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMinutes(10)), "a2");
        MeshRuntime b = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMinutes(10)), "b2");
        try {
            TestMesh.put(store, TestMesh.remote(id, "u3", Protocol.IMAP, 4));

            // when: the queue group hands the order to one of them
            a.get(OrderEmitter.class).publish(Routes.IDENTITIES,
                    IdentityOrder.of(OrderType.ADD_IDENTITY, id, null, null, "u3"));

            // then: both schedule it, long before any reconciliation
            assertThat(TestMesh.eventually(WAIT, () -> a.get(SyncScheduler.class).plan(id).isPresent()
                    && b.get(SyncScheduler.class).plan(id).isPresent())).isTrue();

            // when
            store.identities().deleteIdentity(id);
            b.get(OrderEmitter.class).publish(Routes.IDENTITIES,
                    IdentityOrder.of(OrderType.DELETE_IDENTITY, id, null, "imap", "u3"));

            // then
            assertThat(TestMesh.eventually(WAIT, () -> a.get(SyncScheduler.class).plan(id).isEmpty()
                    && b.get(SyncScheduler.class).plan(id).isEmpty())).isTrue();
        } finally {
            a.close();
            b.close();
        }
    }
}
