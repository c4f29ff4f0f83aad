package io.mailmesh.smtpbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.store.model.ServerSettings.Security;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The executable's flags become its settings. */
class SmtpBridgeMainTest {
    private static SmtpBridgeSettings parse(String... args) {
        SmtpBridgeMain main = new SmtpBridgeMain();
        new CommandLine(main).parseArgs(args);
        return main.settings();
    }

    @Test
    void flagsBecomeSettings() {
        // given / when
        SmtpBridgeSettings s = parse("--relay-host", "relay.example", "--relay-port", "465", "--relay-user", "bot",
                "--relay-security", "tls", "--relay-trust-all", "true", "--primary-host", "mail.example",
                "--listen", "127.0.0.1:2626", "--max-size", "1048576", "--hostname", "mx.example",
                "--inbound-timeout", "12");

        // then
        assertThat(s.relay().host()).isEqualTo("relay.example");
        assertThat(s.relay().port()).isEqualTo(465);
        assertThat(s.relay().security()).isEqualTo(Security.TLS);
        assertThat(s.relay().trustAll()).isTrue();
        assertThat(s.relay().username()).isEqualTo("bot");
        assertThat(s.primaryHost()).isEqualTo("mail.example");
        assertThat(s.listenHost()).isEqualTo("127.0.0.1");
        assertThat(s.listenPort()).isEqualTo(2626);
        assertThat(s.maxMessageSize()).isEqualTo(1048576);
        assertThat(s.hostName()).isEqualTo("mx.example");
        assertThat(s.inboundTimeout()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void listenAcceptsABarePort() {
        // given / when
        SmtpBridgeSettings s = parse("--listen", "2727", "--primary-host", "mail.example");

        // then
        assertThat(s.listenHost()).isNull();
        assertThat(s.listenPort()).isEqualTo(2727);
        assertThat(s.hostName()).isEqualTo("mail.example");
        assertThat(s.relay().trustAll()).isFalse();
    }

    @Test
    void unknownRelaySecurityIsRefused() {
        // given / when / then
        assertThatThrownBy(() -> parse("--relay-security", "ssl3"))
                .hasMessageContaining("none, starttls or tls");
    }

    @Test
    void relayPasswordHasNoFlag() {
        // given / when
        String usage = new CommandLine(new SmtpBridgeMain()).getUsageMessage();

        // then
        assertThat(usage).doesNotContain("--relay-password").contains("SMTP_RELAY_PASSWORD");
    }

    @Test
    void relayTargetNeverPrintsItsSecret() {
        // given
        io.mailmesh.smtpbridge.relay.SmtpTarget target = new io.mailmesh.smtpbridge.relay.SmtpTarget("relay", 25,
                Security.STARTTLS, "bot", "hunter2-secret", false, false, Duration.ofSeconds(1));

        // when
        String printed = target.toString();

        // then
        assertThat(printed).doesNotContain("hunter2-secret").contains("secret=***");
    }
}
