package io.mailmesh.apiemitter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.mailmesh.apiemitter.auth.AuthSettings;
import io.mailmesh.apiemitter.gateway.TopicPolicy;
import io.mailmesh.apiemitter.identities.IdentitySettings;
import io.mailmesh.apiemitter.web.ApiServer;
import io.mailmesh.apiemitter.web.RateLimits;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.store.StoreModule;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.TestStore;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A running api-emitter on real NATS (and Redis), an HTTP client, and helpers for tests. */
public final class ApiFixture implements AutoCloseable {
    public static final String ADMIN_TOKEN = "admin-secret-token";
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    public final MeshRuntime runtime;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final Path outboxDir;
    public final int port;

    private ApiFixture(MeshRuntime runtime, Path outboxDir) {
        this.runtime = runtime;
        this.outboxDir = outboxDir;
        this.port = runtime.get(ApiServer.class).port();
    }

    public static ApiFixture start(String natsUrl, String redisUrl, Duration sendTimeout, Module... extra)
            throws Exception {
        return start(natsUrl, redisUrl, sendTimeout, AuthSettings.defaults(true), extra);
    }

    public static ApiFixture start(String natsUrl, String redisUrl, Duration sendTimeout, AuthSettings auth,
                                   Module... extra) throws Exception {
        return start(natsUrl, redisUrl, sendTimeout, auth, TEST_IDENTITIES, extra);
    }

    /** The tests' served domains: mesh.test and the development mail domain; trust_all refused. */
    public static final IdentitySettings TEST_IDENTITIES = new IdentitySettings(
            java.util.Set.of("mesh.test", IdentitySettings.DEVELOPMENT_DOMAIN), false);

    /**
     * Rate limiting is off in tests that do not ask for it: they send hundreds of requests with one token on
     * purpose.
     */
    public static final RateLimits NO_RATE_LIMIT = new RateLimits(0, 1);

    public static ApiFixture start(String natsUrl, String redisUrl, Duration sendTimeout, AuthSettings auth,
                                   IdentitySettings identities, Module... extra) throws Exception {
        return start(natsUrl, redisUrl, sendTimeout, auth, identities, NO_RATE_LIMIT, extra);
    }

    public static ApiFixture start(String natsUrl, String redisUrl, Duration sendTimeout, AuthSettings auth,
                                   IdentitySettings identities, RateLimits rateLimits, Module... extra)
            throws Exception {
        return start(MeshConfig.forTests("api-emitter", natsUrl), redisUrl, sendTimeout, auth, identities, rateLimits,
                newPrefix(), extra);
    }

    /** A fresh store bucket prefix, for instances that share one store ({@link #startWithPrefix}). */
    public static String newPrefix() {
        return "t" + PREFIXES.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff) + "_";
    }

    /** An instance on the store of bucket prefix {@code prefix}: several such instances share one store. */
    public static ApiFixture startWithPrefix(String natsUrl, String prefix, Module... extra) throws Exception {
        return startWithConfig(MeshConfig.forTests("api-emitter", natsUrl), prefix, extra);
    }

    /** An instance with its own mesh configuration (e.g. NATS credentials on an operator-mode server). */
    public static ApiFixture startWithConfig(MeshConfig config, String prefix, Module... extra) throws Exception {
        return start(config, null, Duration.ofSeconds(10), AuthSettings.defaults(true), TEST_IDENTITIES,
                NO_RATE_LIMIT, prefix, extra);
    }

    private static ApiFixture start(MeshConfig config, String redisUrl, Duration sendTimeout, AuthSettings auth,
                                    IdentitySettings identities, RateLimits rateLimits, String prefix,
                                    Module... extra) throws Exception {
        Path outbox = Files.createTempDirectory("api-emitter-outbox-");
        ApiSettings settings = new ApiSettings(0, ADMIN_TOKEN, sendTimeout, TopicPolicy.defaults(), redisUrl,
                "MESSAGES:log", ApiEmitterMain.GatewayOptions.rejectedListOf("MESSAGES:log"), ApiSettings.INGRESS,
                outbox, 5_000, 64 * 1024, 100_000, 10_000);
        List<Module> modules = new ArrayList<>(List.of(new StoreModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(StoreSettings.class).toInstance(TestStore.settings(StoreSettings.Storage.FILE, prefix));
            }
        }, new ApiEmitterModule(settings, auth, identities, rateLimits)));
        modules.addAll(List.of(extra));
        MeshRuntime runtime = MeshApp.start(config, modules.toArray(Module[]::new));
        return new ApiFixture(runtime, outbox);
    }

    public static Connection connect(String url) throws Exception {
        return Nats.connect(Options.builder().server(url).maxReconnects(-1).reconnectWait(Duration.ofMillis(100))
                .build());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A response with its parsed JSON body (null when empty). */
    public record Response(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    /** Creates a user and returns its token. */
    public String newUserToken(String name) {
        Response created = post("/api/v2/users", null, "{\"name\": \"" + name + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("user creation failed: " + created.raw().body());
        }
        return created.body().get("token").textValue();
    }

    /** Waits until {@code condition} holds or fails after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
