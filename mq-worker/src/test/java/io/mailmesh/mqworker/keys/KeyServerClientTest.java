package io.mailmesh.mqworker.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.net.OutboundRefusedException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key servers are asked with bounded answers, and a look-up that started at a user-derived host follows redirects
 * only into networks the guard allows. Two loopback servers play a hostile WKD host (127.0.0.1) and an internal
 * service (127.0.0.2).
 */
class KeyServerClientTest {
    private static final long MAX_BYTES = 64 * 1024;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private HttpServer hostile;
    private HttpServer internal;
    private final AtomicInteger internalRequests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        internal = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
        internal.createContext("/", exchange -> {
            internalRequests.incrementAndGet();
            byte[] body = "secret internal data".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        internal.start();
        hostile = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        hostile.createContext("/to-internal", exchange -> {
            exchange.getResponseHeaders().add("Location", internalUri("/metadata").toString());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        hostile.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/loop");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        hostile.createContext("/no-location", exchange -> {
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        hostile.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, endless as far as the client knows
            byte[] chunk = new byte[8192];
            try (OutputStream os = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) { // 8 MiB, far past the bound
                    os.write(chunk);
                }
            } catch (java.io.IOException e) {
                // the client hung up once it had read enough: that is the behaviour under test
            }
        });
        hostile.createContext("/key", exchange -> {
            byte[] body = new byte[(int) MAX_BYTES];
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        hostile.start();
    }

    @AfterEach
    void stop() {
        hostile.stop(0);
        internal.stop(0);
    }

    private URI hostileUri(String path) {
        return URI.create("http://127.0.0.1:" + hostile.getAddress().getPort() + path);
    }

    private URI internalUri(String path) {
        return URI.create("http://127.0.0.2:" + internal.getAddress().getPort() + path);
    }

    private KeyServerClient client(String allow) {
        return new KeyServerClient(http, OutboundGuard.parse(allow), MAX_BYTES, Duration.ofSeconds(5));
    }

    @Test
    void givenAUserDerivedHostWhenItRedirectsOutsideTheAllowedNetworksThenTheRedirectIsNotFollowed() {
        // given: the WKD host itself is allowed, the internal service is not
        KeyServerClient client = client("127.0.0.1/32");

        // when / then
        assertThatThrownBy(() -> client.get(hostileUri("/to-internal"), "application/octet-stream", true))
                .isInstanceOf(OutboundRefusedException.class);
        assertThat(internalRequests).hasValue(0);
    }

    @Test
    void givenAnOperatorConfiguredServerWhenItRedirectsThenTheRedirectIsFollowed() throws Exception {
        // when
        KeyServerClient.Answer answer = client("127.0.0.1/32").get(hostileUri("/to-internal"), "*/*", false);

        // then
        assertThat(answer.status()).isEqualTo(200);
        assertThat(internalRequests).hasValue(1);
    }

    @Test
    void givenAUserDerivedHostOutsideTheAllowedNetworksWhenAskedThenNothingIsSent() {
        assertThatThrownBy(() -> client("public").get(internalUri("/metadata"), "*/*", true))
                .isInstanceOf(OutboundRefusedException.class);
        assertThat(internalRequests).hasValue(0);
    }

    @Test
    void givenARedirectLoopWhenFollowedThenItStopsAfterTheBound() {
        assertThatThrownBy(() -> client("loopback").get(hostileUri("/loop"), "*/*", true))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("more than " + KeyServerClient.MAX_REDIRECTS + " redirects");
    }

    @Test
    void givenARedirectWithoutLocationWhenFollowedThenItIsRefusedWithAReason() {
        assertThatThrownBy(() -> client("loopback").get(hostileUri("/no-location"), "*/*", true))
                .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("without a Location");
    }

    @Test
    void givenAnAnswerPastTheBoundWhenReadThenItIsRefusedWithoutBeingHeld() {
        assertThatThrownBy(() -> client("loopback").get(hostileUri("/huge"), "*/*", true))
                .isInstanceOf(KeyServerClient.TooLargeException.class)
                .hasMessageContaining(MAX_BYTES + " bytes");
    }

    @Test
    void givenAnAnswerOfExactlyTheBoundWhenReadThenItIsReturnedWhole() throws Exception {
        KeyServerClient.Answer answer = client("loopback").get(hostileUri("/key"), "*/*", true);

        assertThat(answer.body()).hasSize((int) MAX_BYTES);
    }

    @Test
    void givenAClientThatFollowsRedirectsItselfWhenBuiltThenItIsRefused() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThatThrownBy(() -> new KeyServerClient(following, OutboundGuard.parse("public"), MAX_BYTES,
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
