package io.mailmesh.mesh.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.runtime.Provisioning;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each executable's generated credentials on a real nats-server in operator mode: what they allow and refuse. */
class LeastPrivilegeTest {
    @TempDir
    static Path dir;
    static AuthDirectory auth;
    static NatsServer server;

    @BeforeAll
    static void operatorModeServerProvisionedWithOpsCredentials() throws Exception {
        auth = AuthDirectory.init(dir.resolve("auth"), StoreSettings.DEFAULT_BUCKET_PREFIX,
                List.of("outboundSMTP"), false).auth();
        server = new NatsServer().withConfig(auth.serverConfig());
        server.start();
        try (Connection ops = connect(AuthDirectory.OPS, new Errors())) {
            Provisioning.run(ops, StoreSettings.defaults(new byte[32]));
            ops.keyValue("mesh_users").put("u1", "{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void givenNoCredentials_whenConnecting_thenTheServerRefuses() {
        assertThatThrownBy(() -> Nats.connect(Options.builder().server(server.url()).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(3)).build())).isInstanceOf(Exception.class);
    }

    @Test
    void givenMqWorkerCredentials_whenSubscribingToOutboundSmtp_thenPermissionViolation() throws Exception {
        Errors errors = new Errors();
        try (Connection mq = connect(Routes.MQ_WORKER, errors)) {
            mq.subscribe(Routes.INBOUND_SMTP.subject(), Routes.INBOUND_SMTP.queueGroup());
            mq.subscribe(Routes.OUTBOUND_SMTP.subject(), Routes.OUTBOUND_SMTP.queueGroup());
            mq.flush(Duration.ofSeconds(2));
            errors.await("Permissions Violation for Subscription to \"outboundSMTP\"");
            assertThat(errors.seen).noneMatch(e -> e.contains("inboundSMTP"));
        }
    }

    @Test
    void givenSmtpBridgeCredentials_whenReadingTheTokenBucket_thenRefused() throws Exception {
        Errors errors = new Errors();
        try (Connection smtp = connect(Routes.SMTP_BRIDGE, errors)) {
            KeyValueEntry user = smtp.keyValue("mesh_users").get("u1");
            assertThat(user).isNotNull();
            assertThatThrownBy(() -> smtp.keyValue("mesh_api_tokens").get("x")).isInstanceOf(Exception.class);
            errors.await("Permissions Violation for Publish to \"$JS.API.STREAM.INFO.KV_mesh_api_tokens\"");
        }
    }

    @Test
    void givenMqWorkerCredentials_whenReadingCredentialsOrDeletingAStream_thenRefused() throws Exception {
        Errors errors = new Errors();
        try (Connection mq = connect(Routes.MQ_WORKER, errors)) {
            assertThatThrownBy(() -> mq.keyValue("mesh_credentials")).isInstanceOf(Exception.class);
            assertThatThrownBy(() -> mq.jetStreamManagement().deleteStream("MESH_ORDERS"))
                    .isInstanceOf(Exception.class);
            errors.await("Permissions Violation for Publish to \"$JS.API.STREAM.DELETE.MESH_ORDERS\"");
        }
        try (Connection ops = connect(AuthDirectory.OPS, new Errors())) {
            assertThat(ops.jetStreamManagement().getStreamInfo("MESH_ORDERS")).isNotNull();
        }
    }

    @Test
    void eachBridgeCreatesWatchesAndLeasesItsOwnWorkerBucketButNotTheOtherBridges() throws Exception {
        // given
        Errors errors = new Errors();
        try (Connection imap = connect(Routes.IMAP_BRIDGE, errors)) {
            java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
            io.mailmesh.mesh.ownership.OwnedWorkers workers = new io.mailmesh.mesh.ownership.OwnedWorkers() {
                @Override
                public void start(String identityId, String userId, boolean reload) {
                    started.add(identityId);
                }

                @Override
                public void stop(String identityId) {
                    started.remove(identityId);
                }
            };

            // when
            try (var ownership = new io.mailmesh.mesh.ownership.WorkerOwnership(imap, StoreAccess.IMAP_WORKERS,
                    "imap-1", Duration.ofSeconds(3), workers)) {
                ownership.want("id1", "u1", false);

                // then
                TestWorkers.await(Duration.ofSeconds(10), "the worker started", () -> started.contains("id1"));
                assertThat(ownership.owner("id1")).contains("imap-1");
            }
            assertThatThrownBy(() -> imap.keyValueManagement().create(io.nats.client.api.KeyValueConfiguration
                    .builder().name(StoreAccess.TWITTER_WORKERS).build())).isInstanceOf(Exception.class);
        }
    }

    static Connection connect(String user, Errors errors) throws Exception {
        return Nats.connect(Options.builder().server(server.url()).maxReconnects(0)
                .authHandler(Nats.credentials(auth.creds(user).toString()))
                .maxControlLine(AuthDirectory.MAX_CONTROL_LINE)
                .inboxPrefix(MeshGrants.inboxPrefix(user)).errorListener(errors)
                .connectionTimeout(Duration.ofSeconds(5)).build());
    }

    /** The server's -ERR lines, as the client hears them. */
    static final class Errors implements ErrorListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void errorOccurred(Connection conn, String error) {
            seen.add(error);
        }

        void await(String fragment) {
            TestWorkers.await(Duration.ofSeconds(5), "a server error containing " + fragment + " (seen " + seen + ")",
                    () -> seen.stream().anyMatch(e -> e.contains(fragment)));
        }
    }
}
