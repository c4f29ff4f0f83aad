package io.mailmesh.apiemitter.natsauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.apiemitter.ApiEmitterMain;
import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.security.MeshGrants;
import io.mailmesh.mesh.security.NatsPermissions;
import io.mailmesh.mesh.testing.NatsCluster;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.mesh.testing.TestWorkers;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.support.JwtUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code api-emitter nats-auth init|revocations} and {@code provision}, against a real nats-server in operator mode. */
class NatsAuthCommandTest {
    @TempDir
    Path dir;

    @Test
    void givenAnEmptyFolder_whenInitRunsTwice_thenKeysAreMadeOnceAndSecretsAreOwnerOnly() throws Exception {
        // when
        assertThat(run("nats-auth", "init", "--dir", dir.toString())).isZero();
        String signing = Files.readString(dir.resolve("keys/account-signing.nk"));
        String mqCreds = Files.readString(dir.resolve("creds/mq-worker.creds"));
        String config = Files.readString(dir.resolve("nats-server.conf"));
        assertThat(run("nats-auth", "init", "--dir", dir.toString())).isZero();

        // then nothing was rotated silently
        assertThat(Files.readString(dir.resolve("keys/account-signing.nk"))).isEqualTo(signing);
        assertThat(Files.readString(dir.resolve("creds/mq-worker.creds"))).isEqualTo(mqCreds);
        assertThat(Files.readString(dir.resolve("nats-server.conf"))).isEqualTo(config);
        for (String secret : List.of("keys/operator.nk", "keys/account.nk", "keys/account-signing.nk",
                "creds/ops.creds", "creds/mq-worker.creds", "creds/api-emitter.creds")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(config).contains("operator: ", "resolver: MEMORY", "resolver_preload");
        for (String key : List.of("operator.nk", "account.nk", "account-signing.nk", "system-account.nk")) {
            assertThat(config).doesNotContain(Files.readString(dir.resolve("keys").resolve(key)).strip());
        }
    }

    @Test
    void givenInit_whenRotating_thenTheSigningKeyAndCredentialsChangeAndTheOperatorStays() throws Exception {
        run("nats-auth", "init", "--dir", dir.toString());
        String operator = Files.readString(dir.resolve("keys/operator.nk"));
        String signing = Files.readString(dir.resolve("keys/account-signing.nk"));
        String smtpCreds = Files.readString(dir.resolve("creds/smtp-bridge.creds"));

        assertThat(run("nats-auth", "init", "--dir", dir.toString(), "--rotate")).isZero();

        assertThat(Files.readString(dir.resolve("keys/operator.nk"))).isEqualTo(operator);
        assertThat(Files.readString(dir.resolve("keys/account-signing.nk"))).isNotEqualTo(signing);
        assertThat(Files.readString(dir.resolve("creds/smtp-bridge.creds"))).isNotEqualTo(smtpCreds);
    }

    @Test
    void givenTheGeneratedCredentials_thenEachExecutableHoldsItsRoutesOnly() throws Exception {
        run("nats-auth", "init", "--dir", dir.toString());

        String mq = claims("mq-worker");
        assertThat(mq).contains("\"inboundSMTP\"", "\"keyAction\"", "\"_INBOX.mq-worker.>\"",
                "$JS.ACK.MESH_ORDERS.keyQueue_keyAction.>", "\"deadletter.keyAction\"");
        assertThat(mq).doesNotContain("\"outboundSMTP\"", "KV_mesh_credentials", "mesh_api_tokens",
                "STREAM.DELETE", "STREAM.CREATE.MESH");
        String smtp = claims("smtp-bridge");
        assertThat(smtp).contains("\"outboundSMTP\"", "KV_mesh_credentials").doesNotContain("mesh_api_tokens");
        assertThat(claims("api-emitter")).contains("\"MESSAGES.*\"", "$KV.mesh_api_tokens.>",
                "$KV.mesh_credentials.>");
    }

    @Test
    void givenAnOperatorModeServer_whenProvisioning_thenOnlyTheOperatorsCredentialsMayCreateStreams() throws Exception {
        run("nats-auth", "init", "--dir", dir.toString());
        try (NatsServer server = new NatsServer().withConfig(dir.resolve("nats-server.conf"))) {
            server.start();
            assertThat(runWithNats(server, "creds/mq-worker.creds", "provision")).isEqualTo(1);
            assertThat(runWithNats(server, "creds/ops.creds", "provision")).isZero();
            try (Connection ops = connect(server, dir.resolve("creds/ops.creds"))) {
                assertThat(ops.jetStreamManagement().getStreamNames()).contains("MESH_ORDERS", "MESH_DEADLETTER",
                        "KV_mesh_credentials", "OBJ_mesh_raw_bytes");
            }
        }
    }

    @Test
    void givenALoggedOutUser_whenRevocationsAreApplied_thenTheServerDropsAndRefusesIt() throws Exception {
        // given a client user signed by the account signing key, connected
        AuthDirectory auth = AuthDirectory.init(dir, "mesh_", List.of(), false).auth();
        Path userCreds = dir.resolve("client.creds");
        Files.writeString(userCreds, auth.issueCreds("client-u1", new NatsPermissions(List.of("client.u1.>"),
                List.of("client.u1.>"), false, false), Duration.ofDays(180)));
        try (NatsServer server = new NatsServer().withConfig(auth.serverConfig())) {
            server.start();
            Connection client = connect(server, userCreds);
            try (Connection ops = connect(server, auth.creds(AuthDirectory.OPS))) {
                ops.keyValueManagement().create(KeyValueConfiguration.builder().name("mesh_nats_revocations")
                        .build());
                ops.keyValue("mesh_nats_revocations").put(userKey(userCreds),
                        ("{\"user_id\":\"u1\",\"revoked_at\":" + (AuthDirectory.now() + 1) + "}")
                                .getBytes(StandardCharsets.UTF_8));
            }

            // when
            assertThat(run("nats-auth", "revocations", "--dir", dir.toString(), "--nats-url", server.url(),
                    "--server-pid", String.valueOf(server.pid()))).isZero();

            // then
            TestWorkers.await(Duration.ofSeconds(10), "the revoked client to be disconnected",
                    () -> client.getStatus() == Connection.Status.CLOSED
                            || client.getStatus() == Connection.Status.DISCONNECTED);
            client.close();
            assertThatThrownBy(() -> connect(server, userCreds)).isInstanceOf(AuthenticationException.class);
            assertThat(Files.readString(dir.resolve("revocations.txt"))).contains(userKey(userCreds));
        }
    }

    @Test
    void givenALoggedOutUserOnEveryNodeOfACluster_whenRevocationsSignalEveryNode_thenEachNodeDropsAndRefusesIt()
            throws Exception {
        // given a client user connected to each of three clustered nodes that include the same configuration
        AuthDirectory auth = AuthDirectory.init(dir, "mesh_", List.of(), false).auth();
        Path userCreds = dir.resolve("client.creds");
        Files.writeString(userCreds, auth.issueCreds("client-u2", new NatsPermissions(List.of("client.u2.>"),
                List.of("client.u2.>"), false, false), Duration.ofDays(180)));
        Path opsCreds = auth.creds(AuthDirectory.OPS);
        try (NatsCluster cluster = new NatsCluster(3, auth.serverConfig())) {
            cluster.start(options -> options.authHandler(Nats.credentials(opsCreds.toString()))
                    .maxControlLine(AuthDirectory.MAX_CONTROL_LINE));
            List<Connection> clients = new ArrayList<>();
            for (int i = 0; i < cluster.size(); i++) {
                clients.add(connect(cluster.node(i), userCreds));
            }
            try (Connection ops = connect(cluster.node(0), opsCreds)) {
                ops.keyValueManagement().create(KeyValueConfiguration.builder().name("mesh_nats_revocations")
                        .build());
                ops.keyValue("mesh_nats_revocations").put(userKey(userCreds),
                        ("{\"user_id\":\"u2\",\"revoked_at\":" + (AuthDirectory.now() + 1) + "}")
                                .getBytes(StandardCharsets.UTF_8));
            }

            // when
            List<String> args = new ArrayList<>(List.of("nats-auth", "revocations", "--dir", dir.toString(),
                    "--nats-url", cluster.urls()));
            for (int i = 0; i < cluster.size(); i++) {
                args.addAll(List.of("--server-pid", String.valueOf(cluster.node(i).pid())));
            }
            assertThat(run(args.toArray(String[]::new))).isZero();

            // then
            for (int i = 0; i < cluster.size(); i++) {
                Connection client = clients.get(i);
                TestWorkers.await(Duration.ofSeconds(10), "the revoked client of node " + i + " to be dropped",
                        () -> client.getStatus() == Connection.Status.CLOSED
                                || client.getStatus() == Connection.Status.DISCONNECTED);
                client.close();
                NatsServer node = cluster.node(i);
                assertThatThrownBy(() -> connect(node, userCreds)).as("node " + i)
                        .isInstanceOf(AuthenticationException.class);
            }
        }
    }

    private int run(String... args) {
        return new CommandLine(new ApiEmitterMain()).execute(args);
    }

    private int runWithNats(NatsServer server, String creds, String command) throws Exception {
        // provision reads NATS_URL/NATS_CREDS through the shared options; the flags stand in for them here
        return run(command, "--nats-url", server.url(), "--nats-creds", dir.resolve(creds).toString());
    }

    private String claims(String executable) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("creds/" + executable + ".creds"));
        return JwtUtils.getClaimBody(lines.get(1));
    }

    private static String userKey(Path creds) throws Exception {
        Matcher sub = Pattern.compile("\"sub\":\"(U[A-Z0-9]+)\"").matcher(
                JwtUtils.getClaimBody(Files.readAllLines(creds).get(1)));
        assertThat(sub.find()).isTrue();
        return sub.group(1);
    }

    private static Connection connect(NatsServer server, Path creds) throws Exception {
        return Nats.connect(Options.builder().server(server.url()).maxReconnects(0)
                .maxControlLine(AuthDirectory.MAX_CONTROL_LINE).connectionTimeout(Duration.ofSeconds(5))
                .inboxPrefix(MeshGrants.inboxPrefix("test")).authHandler(Nats.credentials(creds.toString()))
                .build());
    }

}
