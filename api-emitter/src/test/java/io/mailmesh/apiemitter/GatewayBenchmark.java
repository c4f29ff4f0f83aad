package io.mailmesh.apiemitter;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.mailmesh.apiemitter.web.RouteGroup;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.mesh.testing.RedisServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * On-demand benchmark (not part of {@code mvn verify}): {@code POST /MESSAGES} (audit log on, JetStream publish)
 * against a trivial endpoint of the same server answering 202 without publishing, same run. Run:
 * {@code ./mvnw -q -o -pl api-emitter test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.mailmesh.apiemitter.GatewayBenchmark}
 */
public final class GatewayBenchmark {
    private static final int THREADS = 32;
    private static final int PER_THREAD = 500;

    public static void main(String[] args) throws Exception {
        try (NatsServer nats = new NatsServer(); RedisServer redis = new RedisServer()) {
            nats.start();
            redis.start();
            try (ApiFixture api = ApiFixture.start(nats.url(), "redis://127.0.0.1:" + redis.port(),
                    Duration.ofSeconds(5), new AbstractModule() {
                        @Override
                        protected void configure() {
                            Multibinder.newSetBinder(binder(), RouteGroup.class).addBinding().toInstance(
                                    routes -> routes.post("/bench/noop", ctx -> ctx.status(202)
                                            .contentType("application/json").result("{\"ok\":true}")));
                        }
                    })) {
                String body = "{\"topic\": \"contactAction\", \"order\": \"contact_update\", \"contact_id\": "
                        + "\"c1\", \"user_id\": \"u1\"}";
                run(api, "/bench/noop", body, 1);
                run(api, "/MESSAGES", body, 1);
                double[] noop = run(api, "/bench/noop", body, PER_THREAD);
                double[] gateway = run(api, "/MESSAGES", body, PER_THREAD);
                System.out.printf("noop:     %8.0f req/s  p99 %6.2f ms%n", noop[0], noop[1]);
                System.out.printf("MESSAGES: %8.0f req/s  p99 %6.2f ms%n", gateway[0], gateway[1]);
                System.out.printf("throughput ratio MESSAGES/noop: %.2f (target >= 0.6)%n", gateway[0] / noop[0]);
            }
        }
    }

    /** Returns {requests per second, p99 latency in ms}. */
    private static double[] run(ApiFixture api, String path, String body, int perThread) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(api.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                long[] latencies = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    long begin = System.nanoTime();
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 202) {
                        throw new IllegalStateException(path + " answered " + response.statusCode());
                    }
                    latencies[i] = System.nanoTime() - begin;
                }
                return latencies;
            }));
        }
        long[] all = new long[THREADS * perThread];
        int n = 0;
        for (Future<long[]> future : futures) {
            for (long latency : future.get()) {
                all[n++] = latency;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        return new double[] {all.length / seconds, all[(int) (all.length * 0.99) - 1] / 1e6};
    }
}
