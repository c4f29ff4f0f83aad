package io.mailmesh.apiemitter.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No ingress without authentication: tokens when configured, and a refusal to listen beyond loopback without. */
class FanoutAuthTest {
    static final String TOKEN = "fanout-token-0123456789abcdef";

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension(false);

    static MeshRuntime fanout;

    @BeforeAll
    static void withTokens() throws Exception {
        fanout = FanoutInstance.start(nats.url(), FanoutSettings.forTests().withTokens(Set.of(TOKEN)));
    }

    @AfterAll
    static void stop() {
        fanout.close();
    }

    @Test
    void givenTokens_whenAClientSendsCommandsBeforeAuth_thenRefusedAndAfterTheRightTokenServed() {
        try (LineClient client = LineClient.greeted(FanoutInstance.port(fanout))) {
            assertThat(client.read()).isEqualTo("debug!authenticate with: auth <token>");
            assertThat(client.send("subscribe news").read())
                    .isEqualTo("debug!error: authenticate first: auth <token>");
            assertThat(client.send("ping").read()).isEqualTo("debug!error: authenticate first: auth <token>");

            assertThat(client.send("auth " + TOKEN).read()).isEqualTo("debug!authenticated");
            client.subscribe("news");
            client.send("announce news authenticated hello");
            assertThat(client.read()).isEqualTo("news!authenticated hello");
        }
    }

    @Test
    void givenTokens_whenAClientSendsAWrongToken_thenItIsToldAndDisconnected() {
        try (LineClient client = LineClient.greeted(FanoutInstance.port(fanout))) {
            client.read();
            assertThat(client.send("auth not-the-token-at-all-nope").read())
                    .isEqualTo("debug!error: authentication failed");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void givenNoTokens_whenListeningBeyondLoopback_thenTheSettingsAreRefusedNamingTheFix() {
        assertThatThrownBy(() -> FanoutSettings.forTests().withListen(new InetSocketAddress("0.0.0.0", 1986)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FANOUT_TOKENS");
        assertThat(FanoutSettings.forTests().withTokens(Set.of(TOKEN))
                .withListen(new InetSocketAddress("0.0.0.0", 1986)).enabled()).isTrue();
        assertThatThrownBy(() -> FanoutSettings.forTests().withTokens(Set.of("short")))
                .hasMessageContaining("at least 16");
    }

    @Test
    void givenListenValues_whenParsed_thenOffDisablesAndBadValuesAreNamed() {
        assertThat(FanoutSettings.parseListen("off")).isNull();
        assertThat(FanoutSettings.parseListen("127.0.0.1:1986").getPort()).isEqualTo(1986);
        assertThat(FanoutSettings.parseListen("[::1]:1987").getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> FanoutSettings.parseListen("1986")).hasMessageContaining("FANOUT_LISTEN");
        assertThatThrownBy(() -> FanoutSettings.parseListen("host:port")).hasMessageContaining("number");
        assertThatThrownBy(() -> FanoutSettings.parseListen("127.0.0.1:70000")).hasMessageContaining("0..65535");
    }
}
