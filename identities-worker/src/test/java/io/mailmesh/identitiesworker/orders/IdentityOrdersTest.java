package io.mailmesh.identitiesworker.orders;

import static io.mailmesh.identitiesworker.Captured.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.identitiesworker.Captured;
import io.mailmesh.identitiesworker.TestMesh;
import io.mailmesh.identitiesworker.schedule.SyncPlan;
import io.mailmesh.identitiesworker.schedule.SyncScheduler;
import io.mailmesh.mesh.config.Ids;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.IdentityOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityOrdersTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static MeshRuntime worker;
    private static Connection observer;
    private static Captured captured;
    private static MeshStore store;
    private static SyncScheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        worker = TestMesh.start(nats.url(), TestMesh.settings(Duration.ofMinutes(10)));
        observer = Nats.connect(nats.url());
        captured = new Captured(observer, "IMAPfetcher", "twitter_dm", "imap_worker", "twitter_worker",
                "deadletter.>");
        store = worker.get(MeshStore.class);
        scheduler = worker.get(SyncScheduler.class);
    }

    @AfterAll
    static void stop() throws Exception {
        captured.close();
        observer.close();
        worker.close();
    }

    private static String newId(String prefix) {
        return prefix + Ids.shortRandom();
    }

    private static void send(OrderType type, String identityId, String interval, String protocol, String userId) {
        worker.get(OrderEmitter.class).publish(Routes.IDENTITIES,
                IdentityOrder.of(type, identityId, interval, protocol, userId));
    }

    private static void addScheduled(String id, String user, Protocol protocol, int interval) throws Exception {
        TestMesh.put(store, TestMesh.remote(id, user, protocol, interval));
        send(OrderType.ADD_IDENTITY, id, null, null, user);
        assertThat(TestMesh.eventually(WAIT, () -> scheduler.plan(id).isPresent())).isTrue();
    }

    @Test
    void addIdentityOfImapAccountSendsAddWorkerAndSyncsOnImapFetcher() throws Exception {
        // given
        String id = newId("imap");
        TestMesh.put(store, TestMesh.remote(id, "u1", Protocol.IMAP, 1));

        // when
        send(OrderType.ADD_IDENTITY, id, null, null, "u1");

        // then
        assertThat(captured.await(order("imap_worker", "add_worker", id), 1, WAIT)).singleElement()
                .satisfies(s -> assertThat(s.userId()).isEqualTo("u1"));
        assertThat(captured.await(order("IMAPfetcher", "sync", id), 2, WAIT)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(s -> assertThat(s.userId()).isEqualTo("u1"));
        assertThat(scheduler.plan(id)).contains(new SyncPlan(id, "u1", Routes.IMAP_FETCHER, 1));
        assertThat(captured.matching(s -> id.equals(s.remoteId()) && s.subject().equals("twitter_dm"))).isEmpty();
    }

    @Test
    void addIdentityOfTwitterAccountSendsAddWorkerAndSyncsOnTwitterDm() throws Exception {
        // given
        String id = newId("tw");
        TestMesh.put(store, TestMesh.remote(id, "u2", Protocol.TWITTER, 1));

        // when
        send(OrderType.ADD_IDENTITY, id, "1", "twitter", "u2");

        // then
        assertThat(captured.await(order("twitter_worker", "add_worker", id), 1, WAIT)).hasSize(1);
        assertThat(captured.await(order("twitter_dm", "sync", id), 2, WAIT)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(captured.matching(s -> id.equals(s.remoteId()) && s.subject().equals("IMAPfetcher"))).isEmpty();
    }

    @Test
    void updateIdentityWithNewIntervalReschedulesAndSendsReloadWorker() throws Exception {
        // given
        String id = newId("upd");
        addScheduled(id, "u3", Protocol.EMAIL, 1);
        store.identities().updateIdentity(id, i -> i.withPollIntervalMinutes(7));

        // when
        send(OrderType.UPDATE_IDENTITY, id, null, null, "u3");

        // then
        assertThat(captured.await(order("imap_worker", "reload_worker", id), 1, WAIT)).hasSize(1);
        assertThat(scheduler.plan(id).map(SyncPlan::pollInterval)).contains(7);
        assertThat(scheduler.nextFire(id)).hasValueSatisfying(next ->
                assertThat(Duration.between(java.time.Instant.now(), next)).isLessThanOrEqualTo(Duration.ofSeconds(7)));
        assertThat(captured.await(s -> order("IMAPfetcher", "sync", id).test(s) && s.messageId().contains(".7."), 1,
                WAIT)).isNotEmpty();
    }

    @Test
    void updateIdentityNowInactiveUnschedulesAndSendsReloadWorker() throws Exception {
        // given
        String id = newId("off");
        addScheduled(id, "u4", Protocol.IMAP, 1);
        store.identities().updateIdentity(id, i -> i.withStatus(IdentityStatus.INACTIVE));

        // when
        send(OrderType.UPDATE_IDENTITY, id, null, null, "u4");

        // then
        assertThat(captured.await(order("imap_worker", "reload_worker", id), 1, WAIT)).hasSize(1);
        assertThat(scheduler.plan(id)).isEmpty();
        assertThat(scheduler.nextFire(id)).isEmpty();
    }

    @Test
    void deleteIdentityAlreadyGoneFromStoreUnschedulesAndSendsRemoveWorker() throws Exception {
        // given
        String id = newId("del");
        addScheduled(id, "u5", Protocol.TWITTER, 1);
        store.identities().deleteIdentity(id);

        // when
        send(OrderType.DELETE_IDENTITY, id, null, null, "u5");

        // then
        assertThat(captured.await(order("twitter_worker", "remove_worker", id), 1, WAIT)).singleElement()
                .satisfies(s -> assertThat(s.userId()).isEqualTo("u5"));
        assertThat(scheduler.plan(id)).isEmpty();
        assertThat(scheduler.nextFire(id)).isEmpty();
    }

    @Test
    void deleteIdentityUnknownEverywhereUsesTheOrdersProtocolForRemoveWorker() throws Exception {
        // given
        String id = newId("ghost");

        // when
        send(OrderType.DELETE_IDENTITY, id, null, "imap", "u6");

        // then
        assertThat(captured.await(order("imap_worker", "remove_worker", id), 1, WAIT)).hasSize(1);
        assertThat(captured.matching(order("twitter_worker", "remove_worker", id))).isEmpty();
    }

    @Test
    void updateIntervalReschedulesAtTheBackOffAndKeepsTheConfiguredInterval() throws Exception {
        // given
        String id = newId("back");
        addScheduled(id, "u7", Protocol.IMAP, 1);

        // when
        send(OrderType.UPDATE_INTERVAL, id, "3", "imap", "u7");

        // then
        assertThat(TestMesh.eventually(WAIT, () -> scheduler.plan(id).map(SyncPlan::pollInterval)
                .equals(Optional.of(3)))).isTrue();
        assertThat(store.identities().identity(id).pollIntervalMinutes()).isEqualTo(1);
        assertThat(store.identities().identity(id).syncState().backoffMinutes()).isEqualTo(3);
        assertThat(captured.matching(s -> id.equals(s.remoteId()) && s.order().endsWith("_worker"))
                .stream().map(Captured.Seen::order)).containsExactly("add_worker");
    }

    @Test
    void updateIntervalBackToTheConfiguredIntervalEndsTheBackOff() throws Exception {
        // given
        String id = newId("restore");
        addScheduled(id, "u7", Protocol.IMAP, 2);
        send(OrderType.UPDATE_INTERVAL, id, "8", "imap", "u7");
        assertThat(TestMesh.eventually(WAIT, () -> scheduler.plan(id).map(SyncPlan::pollInterval)
                .equals(Optional.of(8)))).isTrue();

        // when
        send(OrderType.UPDATE_INTERVAL, id, "2", "imap", "u7");

        // then
        assertThat(TestMesh.eventually(WAIT, () -> scheduler.plan(id).map(SyncPlan::pollInterval)
                .equals(Optional.of(2)))).isTrue();
        assertThat(store.identities().identity(id).syncState().backoffMinutes()).isZero();
        assertThat(store.identities().identity(id).pollIntervalMinutes()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4321", "-5", "ten", "1.5"})
    void updateIntervalOutOfBoundsOrNotANumberIsDeadLetteredAndTheScheduleStays(String interval) throws Exception {
        // given
        String id = newId("bad");
        addScheduled(id, "u8", Protocol.IMAP, 2);

        // when
        send(OrderType.UPDATE_INTERVAL, id, interval, "imap", "u8");

        // then
        assertThat(captured.await(s -> s.subject().equals("deadletter.identitiesWorker") && id.equals(s.remoteId()),
                1, WAIT)).singleElement().satisfies(s -> assertThat(s.headers()).isEqualTo("invalid_poll_interval"));
        assertThat(scheduler.plan(id).map(SyncPlan::pollInterval)).contains(2);
        assertThat(store.identities().identity(id).pollIntervalMinutes()).isEqualTo(2);
    }

    @Test
    void addIdentityWithOutOfBoundsIntervalIsDeadLetteredAndNothingIsScheduled() throws Exception {
        // given
        String id = newId("big");
        TestMesh.put(store, TestMesh.remote(id, "u9", Protocol.IMAP, 1));

        // when
        send(OrderType.ADD_IDENTITY, id, "5000", "imap", "u9");

        // then
        assertThat(captured.await(s -> s.subject().equals("deadletter.identitiesWorker") && id.equals(s.remoteId()),
                1, WAIT)).singleElement().satisfies(s -> assertThat(s.headers()).isEqualTo("invalid_poll_interval"));
        assertThat(scheduler.plan(id)).isEmpty();
        assertThat(captured.matching(order("imap_worker", "add_worker", id))).isEmpty();
    }

    @Test
    void addIdentityOfAnotherUserIsDeadLetteredAndNothingIsScheduled() throws Exception {
        // given
        String id = newId("other");
        TestMesh.put(store, TestMesh.remote(id, "owner", Protocol.IMAP, 1));

        // when
        send(OrderType.ADD_IDENTITY, id, null, null, "intruder");

        // then
        assertThat(captured.await(s -> s.subject().equals("deadletter.identitiesWorker") && id.equals(s.remoteId()),
                1, WAIT)).singleElement().satisfies(s -> assertThat(s.headers()).isEqualTo("identity_not_owned"));
        assertThat(scheduler.plan(id)).isEmpty();
    }
}
