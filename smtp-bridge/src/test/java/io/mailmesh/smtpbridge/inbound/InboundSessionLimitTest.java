package io.mailmesh.smtpbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.smtpbridge.SmtpBridgeSettings;
import io.mailmesh.smtpbridge.support.BridgeFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inbound listener holds at most SMTP_MAX_CONNECTIONS sessions; the next sender is told to come back. */
class InboundSessionLimitTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void givenTwoSessionsAllowed_whenAThirdSenderConnects_thenItIsGreetedWith421AndALaterOneIsServed()
            throws Exception {
        SmtpBridgeSettings base = BridgeFixture.settings(BridgeFixture.plainRelay(1),
                SmtpBridgeSettings.DEFAULT_MAX_MESSAGE_SIZE, Duration.ofSeconds(1));
        SmtpBridgeSettings limited = new SmtpBridgeSettings(base.relay(), base.primaryHost(), base.listenHost(),
                base.listenPort(), base.maxMessageSize(), base.hostName(), base.inboundTimeout(), base.claimLease(), 2);
        try (MeshRuntime bridge = BridgeFixture.start(nats.url(), limited)) {
            int port = bridge.get(InboundSmtpListener.class).port();
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(greeting(first)).startsWith("220");
                assertThat(greeting(second)).startsWith("220");
                try (Socket third = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertThat(greeting(third)).startsWith("421");
                }
            }
            // the two sessions are gone: a new sender gets in (the server counts closed sessions out as it sees them)
            io.mailmesh.mesh.testing.TestWorkers.await(Duration.ofSeconds(10), "a session slot to free up", () -> {
                try (Socket again = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return greeting(again).startsWith("220");
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static String greeting(Socket socket) throws Exception {
        socket.setSoTimeout(5_000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
    }
}
