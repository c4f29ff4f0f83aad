package io.mailmesh.twitterbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.ownership.WorkerOwnership;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.mailmesh.twitterbridge.account.AccountRegistry;
import io.mailmesh.twitterbridge.worker.TwitterWorkerOwnership;
import io.mailmesh.twitterbridge.worker.WorkerHandlers;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Two twitter-bridge instances on one nats-server: the ownership lease decides which one runs the worker. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerOwnershipTest extends BridgeTestBase {
    private static final Duration LONG_WAIT = Duration.ofSeconds(30);

    static MeshRuntime second;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        second = MeshApp.start(MeshConfig.forTests("twitter-bridge", nats.url()), bridgeModules);
    }

    @AfterAll
    static void stopSecondInstance() {
        second.close();
    }

    private static List<MeshRuntime> running(Account account) {
        return List.of(bridge, second).stream()
                .filter(r -> r.get(AccountRegistry.class).live(account.identityId()).isPresent()).toList();
    }

    private static WorkerOwnership ownership(MeshRuntime r) {
        return r.get(TwitterWorkerOwnership.class).ownership();
    }

    private static void publish(OrderType type, Account account) {
        emitter().publish(Routes.TWITTER_WORKER, RemoteOrder.of(type, account.identityId(), account.userId()));
    }

    @Test
    void addWorkerRunsTheWorkerOnExactlyOneInstance() throws Exception {
        // given
        Account alice = newAccount("alice_owned");

        // when
        publish(OrderType.ADD_WORKER, alice);
        publish(OrderType.ADD_WORKER, alice);

        // then
        TestWorkers.await(LONG_WAIT, "a live worker", () -> !running(alice).isEmpty());
        ownership(bridge).settle(alice.identityId(), LONG_WAIT);
        ownership(second).settle(alice.identityId(), LONG_WAIT);
        assertThat(running(alice)).hasSize(1);
        assertThat(ownership(running(alice).get(0)).owns(alice.identityId())).isTrue();
    }

    @Test
    void removeWorkerTakenByTheOtherInstanceStopsTheRunningWorker() throws Exception {
        // given
        Account alice = newAccount("alice_owned_rm");
        publish(OrderType.ADD_WORKER, alice);
        TestWorkers.await(LONG_WAIT, "a live worker", () -> running(alice).size() == 1);
        MeshRuntime owner = running(alice).get(0);
        MeshRuntime other = owner == bridge ? second : bridge;

        // when: the queue group may hand the order to either instance; here the one without the worker takes it
        Reply reply = other.get(WorkerHandlers.class)
                .remove(RemoteOrder.of(OrderType.REMOVE_WORKER, alice.identityId(), alice.userId()), null);

        // then
        assertThat(reply.error()).isFalse();
        TestWorkers.await(LONG_WAIT, "the worker stopped", () -> running(alice).isEmpty());
    }

    @Test
    void removeWorkerWithAHostileIdIsRefusedWithAReason() {
        WorkerHandlers handlers = second.get(WorkerHandlers.class);
        for (String id : new String[] {"a.b", "*", ">", "x y", "x\r\ny", "é", "a".repeat(300)}) {
            assertThatThrownBy(() -> handlers.remove(RemoteOrder.of(OrderType.REMOVE_WORKER, id, "u"), null))
                    .as(id).isInstanceOfSatisfying(OrderFailedException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_id"));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // it leaves one instance without NATS
    void whenTheOwnerDiesTheOtherInstanceTakesTheWorkerOverWithinTheBound() throws Exception {
        // given
        Account alice = newAccount("alice_owned_kill");
        publish(OrderType.ADD_WORKER, alice);
        TestWorkers.await(LONG_WAIT, "a live worker", () -> running(alice).size() == 1);
        MeshRuntime owner = running(alice).get(0);
        MeshRuntime survivor = owner == bridge ? second : bridge;

        // when: the owner loses NATS at once, without giving its lease back
        long killed = System.nanoTime();
        owner.get(Connection.class).close();

        // then
        TestWorkers.await(LONG_WAIT, "the survivor running the worker",
                () -> survivor.get(AccountRegistry.class).live(alice.identityId()).isPresent());
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println("twitter worker takeover after owner loss: " + takeover.toMillis() + " ms (lease "
                + WORKER_LEASE.toMillis() + " ms)");
        assertThat(takeover).isLessThan(WORKER_LEASE.plus(WORKER_LEASE.dividedBy(3)).plusSeconds(2));
        TestWorkers.await(LONG_WAIT, "the dead owner's worker stopped",
                () -> owner.get(AccountRegistry.class).live(alice.identityId()).isEmpty());
    }
}
