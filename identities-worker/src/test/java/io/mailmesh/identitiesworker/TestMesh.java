package io.mailmesh.identitiesworker;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.MeshStore;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.TestStore;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.store.model.IdentityKind;
import io.mailmesh.mesh.store.model.IdentityStatus;
import io.mailmesh.mesh.store.model.Protocol;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Starting identities-worker instances on a test nats-server, with intervals in seconds. */
public final class TestMesh {
    public static final StoreSettings STORE = TestStore.settings(StoreSettings.Storage.MEMORY, "t_");

    private TestMesh() {
    }

    /** Test settings: seconds as the interval unit, reconciliation every {@code reconcile}. */
    public static IdentitiesSettings settings(Duration reconcile) {
        return IdentitiesSettings.defaults().withIntervalUnit(IntervalUnit.SECONDS).withReconcileEvery(reconcile);
    }

    public static MeshRuntime start(String natsUrl, IdentitiesSettings settings) throws Exception {
        return start(natsUrl, settings, "identities-worker-" + io.mailmesh.mesh.config.Ids.shortRandom());
    }

    public static MeshRuntime start(String natsUrl, IdentitiesSettings settings, String instanceId)
            throws Exception {
        MeshConfig config = MeshConfig.forTests("identities-worker", natsUrl).withInstanceId(instanceId);
        return MeshApp.start(config, new StoreModule(), binder -> binder.bind(StoreSettings.class).toInstance(STORE),
                new IdentitiesWorkerModule(settings));
    }

    public static Identity remote(String id, String userId, Protocol protocol, int interval) {
        return new Identity(id, userId, IdentityKind.REMOTE, protocol, id + "@remote.test", null, null, null,
                interval, IdentityStatus.ACTIVE, null);
    }

    public static Identity put(MeshStore store, Identity identity) {
        return store.identities().putIdentity(identity);
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; true if it held. */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        return condition.getAsBoolean();
    }
}
