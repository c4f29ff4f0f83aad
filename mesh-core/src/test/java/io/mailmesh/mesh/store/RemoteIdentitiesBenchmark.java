package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServer;
import io.nats.client.Connection;
import java.util.List;
import java.util.Locale;

/**
 * On-demand benchmark (not run by {@code mvn verify}): time of {@link IdentityStore#remoteIdentities()} (the
 * scheduler's start-up read) over N remote identities on a local nats-server. Arguments: [identities] [rounds].
 *
 * <pre>
 * ./mvnw -q -o -pl mesh-core exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.mailmesh.mesh.store.RemoteIdentitiesBenchmark -Dexec.args="2000 5"
 * </pre>
 */
public final class RemoteIdentitiesBenchmark {
    private RemoteIdentitiesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (NatsServer server = new NatsServer()) {
            server.start();
            try (Connection connection = StoreFixture.connect(server.url())) {
                MeshStore store = StoreFixture.openStore(connection);
                for (int i = 0; i < count; i++) {
                    store.identities().putIdentity(StoreFixture.remoteImap("u" + (i % 50), "r" + i + "@example.org"));
                }
                store.identities().remoteIdentities(); // warm-up
                long best = Long.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    List<Identity> all = store.identities().remoteIdentities();
                    long took = System.nanoTime() - t0;
                    if (all.size() != count) {
                        throw new IllegalStateException("listed " + all.size() + " of " + count);
                    }
                    best = Math.min(best, took);
                    System.out.printf(Locale.ROOT, "round %d: %d remote identities in %.1f ms%n", r + 1, all.size(),
                            took / 1e6);
                }
                System.out.printf(Locale.ROOT, "best: %.1f ms for %d identities%n", best / 1e6, count);
            }
        }
    }
}
