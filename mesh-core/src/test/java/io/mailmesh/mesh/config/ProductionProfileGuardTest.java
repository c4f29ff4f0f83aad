package io.mailmesh.mesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ProductionProfileGuardTest {
    private static final String DEVELOPMENT_KEY = Base64.getEncoder().encodeToString(DevelopmentKey.bytes());
    private static final String RANDOM_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Command(name = "some-worker")
    static final class SomeWorker {
        @Mixin
        MeshOptions mesh;
    }

    /** The configuration an executable builds from these flags (the environment's defaults aside). */
    private static MeshConfig parse(String... args) {
        SomeWorker worker = new SomeWorker();
        new CommandLine(worker).parseArgs(args);
        return worker.mesh.toConfig("some-worker");
    }

    /** As {@link #parse}, in the production profile whatever the build's environment says. */
    private static MeshConfig production(String... args) {
        String[] withProfile = java.util.Arrays.copyOf(args, args.length + 2);
        withProfile[args.length] = "--profile";
        withProfile[args.length + 1] = "production";
        return parse(withProfile);
    }

    @Test
    void productionRefusesTheDevelopmentKey() {
        // given the development key set explicitly, as copied from a development setup
        MeshConfig config = parse("--profile", "production", "--nats-url", "nats://127.0.0.1:4222");
        // when / then
        assertThatThrownBy(() -> ProductionProfileGuard.check(config, Map.of("MESH_SECRET_KEY", DEVELOPMENT_KEY)))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageStartingWith("MESH_SECRET_KEY is the public development key")
                .hasMessageNotContaining(DEVELOPMENT_KEY).hasMessageNotContaining("\n");
    }

    @Test
    void developmentAcceptsTheDevelopmentKey() {
        // given
        MeshConfig config = parse("--profile", "development", "--nats-url", "nats://nats.example.org:4222");
        // when / then
        assertThatCode(() -> ProductionProfileGuard.check(config, Map.of("MESH_SECRET_KEY", DEVELOPMENT_KEY)))
                .doesNotThrowAnyException();
    }

    @Test
    void productionRefusesARemoteServerWithoutCredentials() {
        // given
        MeshConfig config = parse("--profile", "production",
                "--nats-url", "nats://127.0.0.1:4222,nats://nats.example.org:4222");
        // when / then
        assertThatThrownBy(() -> ProductionProfileGuard.check(config, Map.of("MESH_SECRET_KEY", RANDOM_KEY)))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("nats.example.org").hasMessageContaining("set NATS_CREDS")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aNameIsNotResolvedToDecideItIsLocal() {
        // given a name that might resolve to 127.0.0.1 on some host, and an address outside 127/8
        // when / then
        assertThatThrownBy(() -> ProductionProfileGuard.check(production("--nats-url", "nats://nats.internal:4222"),
                Map.of())).isInstanceOf(UnsafeConfigurationException.class);
        assertThatThrownBy(() -> ProductionProfileGuard.check(production("--nats-url", "10.0.0.5:4222"), Map.of()))
                .isInstanceOf(UnsafeConfigurationException.class).hasMessageContaining("10.0.0.5");
    }

    @Test
    void productionAcceptsLoopbackServersWithoutCredentials() {
        // given
        // when / then
        for (String url : new String[] {"nats://127.0.0.1:4222", "nats://localhost:4222", "tls://[::1]:4222",
                "127.0.0.2:4222"}) {
            assertThatCode(() -> ProductionProfileGuard.check(production("--nats-url", url),
                    Map.of("MESH_SECRET_KEY", RANDOM_KEY))).as(url).doesNotThrowAnyException();
        }
    }

    @Test
    void productionAcceptsARemoteServerWithCredentials(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // given a credentials file, a user in the URL, or a client certificate
        MeshConfig creds = production("--nats-url", "nats://nats.example.org:4222", "--nats-creds",
                dir.resolve("mesh.creds").toString());
        MeshConfig user = production("--nats-url", "nats://mesh:secret@nats.example.org:4222");
        MeshConfig certificate = production("--nats-url", "tls://nats.example.org:4222", "--nats-tls-cert",
                dir.resolve("client.pem").toString(), "--nats-tls-key", dir.resolve("client.key").toString());
        // when / then
        for (MeshConfig config : new MeshConfig[] {creds, user, certificate}) {
            assertThatCode(() -> ProductionProfileGuard.check(config, Map.of("MESH_SECRET_KEY", RANDOM_KEY)))
                    .as(config.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void productionIsTheDefaultProfile() {
        // given the option as declared, before the build's environment is read into it
        CommandLine raw = new CommandLine(new SomeWorker());
        raw.setInterpolateVariables(false);
        // when
        String declared = raw.getCommandSpec().findOption("--profile").defaultValue();
        // then without MESH_PROFILE it is production, whose guard refuses an anonymous remote NATS
        assertThat(declared).isEqualTo("${env:MESH_PROFILE:-production}");
        MeshConfig config = parse("--profile", "production", "--nats-url", "nats://nats.example.org:4222");
        assertThatThrownBy(() -> ProductionProfileGuard.check(config, Map.of()))
                .isInstanceOf(UnsafeConfigurationException.class);
    }
}
