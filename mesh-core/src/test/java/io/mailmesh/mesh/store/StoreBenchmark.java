package io.mailmesh.mesh.store;

import io.mailmesh.mesh.store.jetstream.JetStreamMeshStore;
import io.mailmesh.mesh.store.model.User;
import io.mailmesh.mesh.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * On-demand benchmark (not a test): user put/get through the store against raw jnats key-value put/get of the
 * same bytes, same server, same run, interleaved rounds. Starts its own nats-server (random port) unless a URL
 * is given as first argument; the second argument is the operation count per round (default 20000).
 */
public final class StoreBenchmark {
    private static final int ROUNDS = 7;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        NatsServer server = null;
        String url;
        if (args.length > 0 && !args[0].isBlank()) {
            url = args[0];
        } else {
            server = new NatsServer();
            server.start();
            url = server.url();
        }
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (Connection connection = StoreFixture.connect(url)) {
            run(connection, ops);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static void run(Connection connection, int ops) throws Exception {
        String prefix = "bench_" + Long.toHexString(System.nanoTime()) + "_";
        MeshStore store = JetStreamMeshStore.open(connection, StoreFixture.settings(prefix));
        connection.keyValueManagement().create(KeyValueConfiguration.builder().name(prefix + "raw")
                .maxHistoryPerKey(1).storageType(StorageType.File).replicas(1).build());
        KeyValue raw = connection.keyValue(prefix + "raw");
        List<User> users = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            User u = new User("user-" + i, "Benchmark User Number " + i, "contact-" + i);
            users.add(u);
            bytes.add(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(u));
        }
        // warm up both paths
        loopStore(store, users, 5000);
        loopRaw(raw, users, bytes, 5000);

        double[][] storeRates = new double[ROUNDS][];
        double[][] rawRates = new double[ROUNDS][];
        for (int r = 0; r < ROUNDS; r++) {
            if (r % 2 == 0) {
                rawRates[r] = loopRaw(raw, users, bytes, ops);
                storeRates[r] = loopStore(store, users, ops);
            } else {
                storeRates[r] = loopStore(store, users, ops);
                rawRates[r] = loopRaw(raw, users, bytes, ops);
            }
        }
        double storePut = median(storeRates, 0);
        double storeGet = median(storeRates, 1);
        double rawPut = median(rawRates, 0);
        double rawGet = median(rawRates, 1);
        System.out.printf(Locale.ROOT, "ops per round: %d, rounds: %d (median shown), value ~%d bytes%n", ops, ROUNDS,
                bytes.get(0).length);
        System.out.printf(Locale.ROOT, "put  store %,10.0f ops/s   raw %,10.0f ops/s   ratio %.3f%n", storePut, rawPut,
                storePut / rawPut);
        System.out.printf(Locale.ROOT, "get  store %,10.0f ops/s   raw %,10.0f ops/s   ratio %.3f%n", storeGet, rawGet,
                storeGet / rawGet);
        for (String bucket : connection.keyValueManagement().getBucketNames()) {
            if (bucket.startsWith(prefix)) {
                connection.keyValueManagement().delete(bucket);
            }
        }
        connection.objectStoreManagement().delete(prefix + "raw_bytes");
    }

    private static double[] loopStore(MeshStore store, List<User> users, int ops) {
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            store.users().putUser(users.get(i % users.size()));
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            store.users().user(users.get(i % users.size()).id());
        }
        long t2 = System.nanoTime();
        return new double[] {ops * 1e9 / (t1 - t0), ops * 1e9 / (t2 - t1)};
    }

    private static double[] loopRaw(KeyValue raw, List<User> users, List<byte[]> bytes, int ops) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            raw.put(users.get(i % users.size()).id(), bytes.get(i % users.size()));
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            raw.get(users.get(i % users.size()).id()).getValue();
        }
        long t2 = System.nanoTime();
        return new double[] {ops * 1e9 / (t1 - t0), ops * 1e9 / (t2 - t1)};
    }

    private static double median(double[][] rates, int column) {
        double[] values = Arrays.stream(rates).mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }
}
