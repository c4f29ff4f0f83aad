package io.mailmesh.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NatsTlsSettingsTest {
    @Test
    void aTlsUrlOrACaOrAClientCertificateTurnsTlsOn() {
        // when / then
        assertThat(NatsTls.DEFAULTS.enabledFor("nats://127.0.0.1:4222")).isFalse();
        assertThat(NatsTls.DEFAULTS.enabledFor("nats://a:4222,TLS://b:4222")).isTrue();
        assertThat(new NatsTls(Path.of("ca.pem"), null, null, true).enabledFor("nats://a:4222")).isTrue();
        assertThat(new NatsTls(null, Path.of("c.pem"), Path.of("c.key"), true).enabledFor("nats://a:4222")).isTrue();
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        // when / then
        assertThatThrownBy(() -> new NatsTls(null, Path.of("c.pem"), null, true))
                .hasMessageContaining("NATS_TLS_CERT and NATS_TLS_KEY go together");
    }

    @Test
    void anEmptyVariableMeansUnset() {
        // given picocli's reading of NATS_TLS_CA= (set, empty)
        NatsTls tls = new NatsTls(Path.of(""), Path.of(" "), Path.of(""), true);
        // when / then
        assertThat(tls).isEqualTo(NatsTls.DEFAULTS);
    }
}
