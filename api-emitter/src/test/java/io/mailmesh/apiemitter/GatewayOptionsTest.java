package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The settings the API and {@code replay} share: list names from one place, an absolute outbox folder. */
class GatewayOptionsTest {

    @Test
    void serverAndReplayDeriveTheSameRejectedListFromTheLogList() {
        // given
        ApiEmitterMain main = new ApiEmitterMain();
        CommandLine command = new CommandLine(main);
        // when
        command.parseArgs("--log-list", "AUDIT:log");
        // then
        assertThat(main.settings().rejectedList()).isEqualTo("AUDIT:rejected")
                .isEqualTo(ApiEmitterMain.GatewayOptions.rejectedListOf("AUDIT:log"));
        assertThat(ApiEmitterMain.GatewayOptions.rejectedListOf("MESSAGES:log")).isEqualTo("MESSAGES:rejected");
    }

    @Test
    void outboxFolderDefaultsToAnAbsolutePerUserStateFolder() {
        // given
        ApiEmitterMain.GatewayOptions options = new ApiEmitterMain.GatewayOptions();
        // when
        Path dir = options.outboxDir();
        // then
        assertThat(dir).isAbsolute().isEqualTo(Path.of(System.getProperty("user.home"), ".mailmesh", "gateway"));
    }

    @Test
    void relativeOutboxFolderIsMadeAbsolute() {
        // given
        ApiEmitterMain.GatewayOptions options = new ApiEmitterMain.GatewayOptions();
        options.outboxDir = "state/gateway";
        // when
        Path dir = options.outboxDir();
        // then
        assertThat(dir).isAbsolute().endsWithRaw(Path.of("state", "gateway"));
    }

    @Test
    void givenTheProductionProfileWhenTheRedisUrlHasNoPasswordThenItIsRefusedWithAClearMessage() {
        // when
        var refused = ApiEmitterMain.GatewayOptions.redisRefusal("redis://127.0.0.1:6379", false);
        var userOnly = ApiEmitterMain.GatewayOptions.redisRefusal("redis://mesh@127.0.0.1:6379", false);
        var withPassword = ApiEmitterMain.GatewayOptions.redisRefusal("redis://:s3cret@127.0.0.1:6379", false);
        var development = ApiEmitterMain.GatewayOptions.redisRefusal("redis://127.0.0.1:6379", true);
        // then
        assertThat(refused).get().asString().contains("REDIS_URL has no password");
        assertThat(userOnly).isPresent();
        assertThat(withPassword).isEmpty();
        assertThat(development).isEmpty();
    }

    @Test
    void givenHelpThenEveryAuthenticationAndIdentitySettingIsListedWithItsVariable() {
        // when
        String help = new CommandLine(new ApiEmitterMain()).getUsageMessage();
        // then
        assertThat(help).contains("--open-registration", "AUTH_OPEN_REGISTRATION", "--token-ttl", "AUTH_TOKEN_TTL",
                "--creds-validity", "AUTH_CREDS_VALIDITY_DAYS", "--account-signing-key", "AUTH_ACCOUNT_SIGNING_KEY",
                "--account", "AUTH_ACCOUNT", "--local-domains", "MESH_LOCAL_DOMAINS", "--allow-trust-all",
                "MESH_ALLOW_TRUST_ALL");
    }

    @Test
    void givenNoAuthenticationSettingsThenOpenRegistrationFollowsTheProfile() {
        // given
        ApiEmitterMain main = new ApiEmitterMain();
        new CommandLine(main).parseArgs();
        // then
        assertThat(main.auth.toSettings(true).openRegistration()).isTrue();
        assertThat(main.auth.toSettings(false).openRegistration()).isFalse();
        assertThat(main.auth.toSettings(false).tokenTtl()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(main.auth.toSettings(false).credsValidity()).isEqualTo(java.time.Duration.ofDays(180));
    }
}
