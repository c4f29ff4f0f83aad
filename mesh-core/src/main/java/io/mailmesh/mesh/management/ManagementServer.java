package io.mailmesh.mesh.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The management port: {@code /healthz} (alive), {@code /readyz} (connected and serving), Prometheus {@code /metrics}.
 *
 * <p>Bounded against slow or hostile clients: {@value #THREADS} threads serve requests, so one client that sends its
 * request slowly holds one of them and the probes still get through; and a request whose line and headers have not
 * all arrived within {@value #DEFAULT_READ_TIMEOUT_SECONDS} s is dropped, so such clients cannot hold every thread
 * for long. The JDK server reads that timeout once per process from the system property
 * {@value #READ_TIMEOUT_PROPERTY} (seconds); this class sets it unless the operator did
 * ({@code JAVA_TOOL_OPTIONS=-Dsun.net.httpserver.maxReqTime=N}).
 */
public final class ManagementServer {
    public static final int THREADS = 4;
    public static final String READ_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    public static final long DEFAULT_READ_TIMEOUT_SECONDS = 5;

    static {
        if (System.getProperty(READ_TIMEOUT_PROPERTY) == null) {
            System.setProperty(READ_TIMEOUT_PROPERTY, String.valueOf(DEFAULT_READ_TIMEOUT_SECONDS));
        }
    }

    private final int requestedPort;
    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry registry;
    private HttpServer server;
    private ExecutorService executor;

    public ManagementServer(int port, BooleanSupplier ready, PrometheusMeterRegistry registry) {
        this.requestedPort = port;
        this.ready = ready;
        this.registry = registry;
    }

    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(requestedPort), 0);
        AtomicInteger threads = new AtomicInteger();
        server.setExecutor(executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "management-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/healthz", ex -> send(ex, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", ex -> {
            boolean isReady = ready.getAsBoolean();
            send(ex, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "not ready\n");
        });
        server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.start();
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
