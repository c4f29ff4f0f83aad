package io.mailmesh.imapbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.testing.Await;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Routes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static BridgeHarness bridge;
    static ImapWorkers workers;

    @BeforeAll
    static void start() throws Exception {
        bridge = BridgeHarness.start(nats.url(), ImapSettings.defaults());
        workers = bridge.runtime.get(ImapWorkers.class);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    private static void order(OrderType type, Identity identity) {
        bridge.publish(Routes.IMAP_WORKER, RemoteOrder.of(type, identity.id(), identity.userId()));
    }

    @Test
    void newMailOnAWatchedInboxIsSyncedAtOnce() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        order(OrderType.ADD_WORKER, identity);
        Await.until(WAIT, "the worker watching", () -> workers.isWatching(identity.id()));

        // when
        List<String> ids = bridge.deliver(identity, 1, 100);

        // then
        Await.until(WAIT, "the new mail handed over", () -> bridge.mq.kept(identity.userId()).containsAll(ids));
    }

    @Test
    void removeWorkerClosesTheConnection() {
        // given
        Identity identity = bridge.newAccount("secret");
        order(OrderType.ADD_WORKER, identity);
        Await.until(WAIT, "the worker watching", () -> workers.isWatching(identity.id()));

        // when
        order(OrderType.REMOVE_WORKER, identity);

        // then
        Await.until(WAIT, "the worker gone", () -> !workers.has(identity.id()));
    }

    @Test
    void reloadWorkerReconnectsWithNewCredentials() {
        // given
        Identity identity = bridge.newAccount("secret");
        order(OrderType.ADD_WORKER, identity);
        Await.until(WAIT, "the worker watching", () -> workers.isWatching(identity.id()));
        bridge.identities.putCredentials(identity.id(), Credentials.password("changed"));

        // when
        order(OrderType.RELOAD_WORKER, identity);

        // then
        Await.until(WAIT, "the failed login recorded", () -> bridge.identities.identity(identity.id()).syncState()
                .errorCount() == 1);
        assertThat(workers.has(identity.id())).isFalse();
        Await.until(WAIT, "the back-off sent", () -> !bridge.identityOrders(identity.id(), "update_interval")
                .isEmpty());
    }
}
