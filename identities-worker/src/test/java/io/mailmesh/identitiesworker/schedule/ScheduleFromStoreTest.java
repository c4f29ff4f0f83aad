package io.mailmesh.identitiesworker.schedule;

import static io.mailmesh.identitiesworker.Captured.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.identitiesworker.Captured;
import io.mailmesh.identitiesworker.TestMesh;
import io.mailmesh.mesh.config.Ids;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScheduleFromStoreTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private static final Duration WAIT = Duration.ofSeconds(10);
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

    @Test
    void restartRebuildsTheScheduleFromTheStoreAndRunsAMissedSlotOnceNotAsABurst() throws Exception {
        // given: two active remote identities, a local one and an inactive one in the store
        String imap = "r-imap-" + Ids.shortRandom();
        String twitter = "r-tw-" + Ids.shortRandom();
        TestMesh.put(store, TestMesh.remote(imap, "u1", Protocol.IMAP, 2));
        TestMesh.put(store, TestMesh.remote(twitter, "u1", Protocol.TWITTER, 2));
        TestMesh.put(store, TestMesh.remote("r-off-" + Ids.shortRandom(), "u1", Protocol.IMAP, 2)
                .withStatus(IdentityStatus.INACTIVE));
        TestMesh.put(store, new io.mailmesh.mesh.store.model.Identity("r-local-" + Ids.shortRandom(), "u1",
                IdentityKind.LOCAL, Protocol.EMAIL, "me-" + Ids.shortRandom() + "@mesh.test", null, null, null, 2,
                IdentityStatus.ACTIVE, null));
        MeshRuntime first = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMinutes(10)));
        assertThat(first.get(SyncScheduler.class).plans().keySet()).contains(imap, twitter);
        first.close();
        SlotClock clock = new SlotClock(io.mailmesh.identitiesworker.IntervalUnit.SECONDS);
        long interval = clock.intervalMillis(2);
        long stoppedSlot = clock.slot(imap, interval, System.currentTimeMillis());
        // the worker stays down for more than two slots of the identity
        TestMesh.eventually(Duration.ofSeconds(8),
                () -> clock.slot(imap, interval, System.currentTimeMillis()) >= stoppedSlot + 3);

        try (Captured captured = new Captured(observer, "IMAPfetcher", "twitter_dm")) {
            // when
            long restartSlot = clock.slot(imap, interval, System.currentTimeMillis());
            MeshRuntime second = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMinutes(10)));
            try {
                // then
                assertThat(second.get(SyncScheduler.class).plans().keySet()).contains(imap, twitter)
                        .allSatisfy(id -> assertThat(id).startsWith("r-").doesNotStartWith("r-off")
                                .doesNotStartWith("r-local"));
                List<Captured.Seen> syncs = captured.await(order("IMAPfetcher", "sync", imap), 3, WAIT);
                assertThat(syncs.get(0).slot()).isBetween(restartSlot, restartSlot + 1);
                assertThat(syncs.stream().map(Captured.Seen::slot)).doesNotHaveDuplicates()
                        .allSatisfy(slot -> assertThat(slot).isGreaterThanOrEqualTo(restartSlot));
                assertThat(captured.await(order("twitter_dm", "sync", twitter), 1, WAIT)).isNotEmpty();
            } finally {
                second.close();
            }
        }
    }

    @Test
    void reconciliationSchedulesWhatTheStoreGainedAndDropsWhatItLost() throws Exception {
        // given
        MeshRuntime worker = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMillis(300)));
        try {
            SyncScheduler scheduler = worker.get(SyncScheduler.class);
            String id = "drift-" + Ids.shortRandom();

            // when: the store changes behind the worker's back, without any order
            TestMesh.put(store, TestMesh.remote(id, "u2", Protocol.IMAP, 5));

            // then
            assertThat(TestMesh.eventually(WAIT, () -> scheduler.plan(id).isPresent())).isTrue();

            // when
            store.identities().updateIdentity(id, i -> i.withPollIntervalMinutes(9));

            // then
            assertThat(TestMesh.eventually(WAIT, () -> scheduler.plan(id).map(SyncPlan::pollInterval)
                    .orElse(0) == 9)).isTrue();

            // when
            store.identities().deleteIdentity(id);

            // then
            assertThat(TestMesh.eventually(WAIT, () -> scheduler.plan(id).isEmpty())).isTrue();
        } finally {
            worker.close();
        }
    }
}
