package io.mailmesh.imapbridge.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.imapbridge.testing.BridgeHarness;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.store.model.Credentials;
import io.mailmesh.mesh.store.model.Identity;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.store.model.ServerSettings;
import jakarta.mail.Store;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's IMAP server on a network the installation may not reach is refused before any connection. */
class OutboundGuardedImapTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    static BridgeHarness bridge;

    @BeforeAll
    static void start() throws Exception {
        bridge = BridgeHarness.start(nats.url(), ImapSettings.defaults());
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void givenPublicOnlyWhenTheIdentitysServerIsOnLoopbackThenTheConnectionIsRefusedAsAConfigurationError()
            throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // given: the identity's server is a loopback port that records any connection
            Identity identity = bridge.newAccount("secret", listener.getLocalPort(), ServerSettings.Security.NONE,
                    null);
            ImapConnector connector = new ImapConnector(ImapSettings.defaults(), OutboundGuard.parse("public"));

            // when / then
            assertThatThrownBy(() -> connector.open(identity, Credentials.password("secret")))
                    .isInstanceOfSatisfying(ImapFailure.class, f -> {
                        assertThat(f.kind()).isEqualTo(ImapFailure.Kind.CONFIGURATION);
                        assertThat(f.getMessage()).contains("is refused").contains("not in a network");
                    });
            listener.setSoTimeout(300);
            assertThatThrownBy(listener::accept).as("no connection was attempted")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void givenLoopbackAllowedWhenTheSameIdentityConnectsThenItLogsIn() throws Exception {
        // given
        Identity identity = bridge.newAccount("secret");
        ImapConnector connector = new ImapConnector(ImapSettings.defaults(), OutboundGuard.parse("public,loopback"));

        // when
        try (Store store = connector.open(identity, Credentials.password("secret"))) {
            // then
            assertThat(store.isConnected()).isTrue();
        }
    }
}
