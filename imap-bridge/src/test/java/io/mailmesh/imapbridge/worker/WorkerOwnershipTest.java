package io.mailmesh.imapbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.testing.Await;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.ownership.WorkerOwnership;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two imap-bridge instances on one nats-server and one GreenMail: worker orders land on either instance (queue
 * IMAPworkers), the ownership lease decides which one runs the worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerOwnershipTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** The documented bound: a dead owner's lease expires after LEASE, the next check comes LEASE/3 later. */
    private static final Duration TAKEOVER_BOUND = LEASE.plus(LEASE.dividedBy(3));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static BridgeHarness a;
    static BridgeHarness b;

    @BeforeAll
    static void start() throws Exception {
        a = BridgeHarness.start(nats.url(), ImapSettings.defaults().withWorkerLease(LEASE));
        b = BridgeHarness.start(nats.url(), ImapSettings.defaults().withWorkerLease(LEASE));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    private static ImapWorkers workers(BridgeHarness h) {
        return h.runtime.get(ImapWorkers.class);
    }

    private static WorkerOwnership ownership(BridgeHarness h) {
        return h.runtime.get(ImapWorkerOwnership.class).ownership();
    }

    private static List<BridgeHarness> running(Identity identity) {
        return List.of(a, b).stream().filter(h -> workers(h).has(identity.id())).toList();
    }

    private static java.util.Optional<String> ownerOf(Identity identity) {
        try {
            return ownership(a).owner(identity.id());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void order(BridgeHarness via, OrderType type, Identity identity) {
        via.publish(Routes.IMAP_WORKER, RemoteOrder.of(type, identity.id(), identity.userId()));
    }

    @Test
    void addWorkerRunsTheWorkerOnExactlyOneInstance() throws Exception {
        // given
        Identity identity = a.newAccount("secret");

        // when
        order(a, OrderType.ADD_WORKER, identity);
        order(b, OrderType.ADD_WORKER, identity);

        // then
        Await.until(WAIT, "a worker watching", () -> workers(a).isWatching(identity.id())
                || workers(b).isWatching(identity.id()));
        ownership(a).settle(identity.id(), WAIT);
        ownership(b).settle(identity.id(), WAIT);
        assertThat(running(identity)).hasSize(1);
        BridgeHarness owner = running(identity).get(0);
        assertThat(ownership(owner).owns(identity.id())).isTrue();
        assertThat(ownership(a).owner(identity.id())).contains(owner.runtime.config().instanceId());
    }

    @Test
    void removeWorkerTakenByTheOtherInstanceStopsTheRunningWorker() throws Exception {
        // given
        Identity identity = a.newAccount("secret");
        order(a, OrderType.ADD_WORKER, identity);
        Await.until(WAIT, "a worker watching", () -> running(identity).size() == 1
                && workers(running(identity).get(0)).isWatching(identity.id()));
        BridgeHarness owner = running(identity).get(0);
        BridgeHarness other = owner == a ? b : a;

        // when: the queue group may hand the order to either instance; here the one without the worker takes it
        Reply reply = other.runtime.get(WorkerHandlers.class)
                .remove(RemoteOrder.of(OrderType.REMOVE_WORKER, identity.id(), identity.userId()), null);

        // then
        assertThat(reply.error()).isFalse();
        Await.until(WAIT, "the worker stopped on its owner", () -> !workers(owner).has(identity.id()));
        Await.until(WAIT, "the lease given back", () -> ownerOf(identity).isEmpty());
        ownership(other).settle(identity.id(), WAIT);
        assertThat(running(identity)).isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE) // it leaves one instance without NATS
    void whenTheOwnerDiesTheOtherInstanceTakesTheWorkerOverWithinTheBound() throws Exception {
        // given
        Identity identity = a.newAccount("secret");
        order(a, OrderType.ADD_WORKER, identity);
        Await.until(WAIT, "a worker watching", () -> running(identity).size() == 1
                && workers(running(identity).get(0)).isWatching(identity.id()));
        BridgeHarness owner = running(identity).get(0);
        BridgeHarness survivor = owner == a ? b : a;

        // when: the owner loses NATS at once, without giving its lease back
        long killed = System.nanoTime();
        owner.runtime.get(Connection.class).close();

        // then
        Await.until(WAIT, "the survivor running the worker", () -> workers(survivor).isWatching(identity.id()));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println("worker takeover after owner loss: " + takeover.toMillis() + " ms (lease "
                + LEASE.toMillis() + " ms)");
        assertThat(takeover).isLessThan(TAKEOVER_BOUND.plusSeconds(2));
        assertThat(ownership(survivor).owner(identity.id())).contains(survivor.runtime.config().instanceId());
        Await.until(WAIT, "the dead owner's worker stopped", () -> !workers(owner).has(identity.id()));
    }

    @Test
    void removeWorkerWithAHostileIdIsRefusedWithAReason() {
        // given
        String[] hostile = {"a.b", "*", ">", "id with space", "x\r\ny", "é", "a".repeat(300), "want.x"};
        WorkerHandlers handlers = a.runtime.get(WorkerHandlers.class);

        for (String id : hostile) {
            // when / then
            assertThatThrownBy(() -> handlers.remove(RemoteOrder.of(OrderType.REMOVE_WORKER, id, "user-1"), null))
                    .as(id).isInstanceOfSatisfying(OrderFailedException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_id"));
        }
    }
}
