package io.mailmesh.mesh.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client that sends its request slowly holds one thread for a bounded time and never blocks the probes. */
class ManagementServerLimitsTest {
    private ManagementServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ManagementServer(0, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSlowClientDoesNotBlockTheProbesAndIsDroppedAfterTheReadTimeout() throws Exception {
        // given a client that sent half a request and stays silent
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();

            // when a probe comes, then it is answered at once
            HttpResponse<String> probe = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/healthz")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).isEqualTo(200);

            // and the slow client is dropped once the read timeout (plus the server's 1 s check) has passed
            long timeoutMillis = Long.getLong(ManagementServer.READ_TIMEOUT_PROPERTY) * 1_000;
            slow.setSoTimeout((int) (timeoutMillis + 3_000));
            long start = System.nanoTime();
            InputStream in = slow.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the slow client was still connected after " + (timeoutMillis + 3_000)
                        + " ms");
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(timeoutMillis + 3_000));
        }
    }
}
