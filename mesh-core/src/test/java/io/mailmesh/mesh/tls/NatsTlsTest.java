package io.mailmesh.mesh.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.config.NatsTls;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServer;
import io.mailmesh.mesh.testing.TestCertificates;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** TLS towards real nats-servers: one for this host, one whose certificate names another host, one mutual. */
class NatsTlsTest {
    @TempDir
    static Path dir;

    static TestCertificates authority;
    static NatsServer tlsServer;
    static NatsServer otherNameServer;
    static NatsServer mutualServer;

    @BeforeAll
    static void startServers() {
        authority = TestCertificates.authority(dir, "mesh-test");
        tlsServer = new NatsServer().withTls(authority.localServer("local-server"));
        otherNameServer = new NatsServer().withoutJetStream()
                .withTls(authority.server("other-server", List.of("nats.example.org"), List.of()));
        mutualServer = new NatsServer().withTls(authority.localServer("mutual-server"))
                .withClientVerification(authority.caFile());
        for (NatsServer server : List.of(tlsServer, otherNameServer, mutualServer)) {
            server.start();
        }
    }

    @AfterAll
    static void stopServers() {
        for (NatsServer server : new NatsServer[] {tlsServer, otherNameServer, mutualServer}) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** What a connection attempt gave: the connection, or the problems its error listener was told of. */
    record Attempt(Connection connection, List<Exception> problems) {
        String explanation() {
            return problems.stream().map(NatsTlsFailures::explain).filter(s -> s.startsWith("TLS with NATS"))
                    .findFirst().orElse("no TLS failure among " + problems);
        }
    }

    /** One connection attempt, no reconnects, with the SSL context an executable would build from {@code tls}. */
    private static Attempt connect(String url, NatsTls tls) throws InterruptedException {
        List<Exception> problems = new CopyOnWriteArrayList<>();
        Options options = Options.builder().server(url).sslContext(NatsSslContext.of(tls)).maxReconnects(0)
                .connectionTimeout(Duration.ofSeconds(5)).errorListener(new ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        problems.add(exp);
                    }
                }).build();
        try {
            return new Attempt(Nats.connect(options), problems);
        } catch (java.io.IOException refused) {
            problems.add(refused);
            return new Attempt(null, problems);
        }
    }

    private static NatsTls trusting() {
        return new NatsTls(authority.caFile(), null, null, true);
    }

    @Test
    void aClientWithTheCaConnectsAndExchangesMessages() throws Exception {
        // given
        Attempt attempt = connect(tlsServer.tlsUrl(), trusting());
        // when
        try (Connection connection = attempt.connection()) {
            // then
            assertThat(connection).as(attempt.explanation()).isNotNull();
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            connection.flush(Duration.ofSeconds(5));
        }
    }

    @Test
    void aCaSettingTurnsTlsOnForANatsUrl() throws Exception {
        // given the server's plain nats:// URL, and a CA bundle
        Attempt attempt = connect(tlsServer.url(), trusting());
        // when / then
        try (Connection connection = attempt.connection()) {
            assertThat(connection).as(attempt.explanation()).isNotNull();
            assertThat(trusting().enabledFor(tlsServer.url())).isTrue();
        }
    }

    /** Shaped as every executable's main class: the shared options mixed in. */
    @picocli.CommandLine.Command(name = "mq-worker")
    static final class SomeExecutable {
        @picocli.CommandLine.Mixin
        io.mailmesh.mesh.config.MeshOptions mesh;
    }

    @Test
    void aWholeExecutableRuntimeConnectsOverTls() throws Exception {
        // given an executable started with NATS_URL=tls://… and NATS_TLS_CA=… (as flags here)
        SomeExecutable executable = new SomeExecutable();
        new picocli.CommandLine(executable).parseArgs("--nats-url", tlsServer.tlsUrl(), "--nats-tls-ca",
                authority.caFile().toString(), "--http-port", "0", "--profile", "production");
        MeshConfig config = executable.mesh.toConfig("mq-worker");
        HandlerBinding<MessageOrder> inbound = HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND,
                MessageOrder.class, (order, ctx) -> Reply.ok("imported " + order.messageId()));
        try (MeshRuntime worker = MeshApp.start(config, io.mailmesh.mesh.testing.TestWorkers.handlers(inbound));
             Connection client = connect(tlsServer.tlsUrl(), trusting()).connection()) {
            // when
            byte[] reply = client.request(Routes.INBOUND_SMTP.subject(), ("{\"order\":\"process_inbound\","
                    + "\"message_id\":\"m1\",\"remote_id\":\"r\",\"user_id\":\"u\"}").getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5)).getData();
            // then
            assertThat(new OrderCodec().decodeReply(reply)).isEqualTo(Reply.ok("imported m1"));
            assertThat(worker.isReady()).isTrue();
        }
    }

    @Test
    void aClientWithoutTheCaIsRefusedWithAClearError() throws Exception {
        // given TLS against the JVM's authorities only, which do not include the test CA
        // when
        Attempt attempt = connect(tlsServer.tlsUrl(), NatsTls.DEFAULTS);
        // then
        assertThat(attempt.connection()).isNull();
        assertThat(attempt.explanation()).contains("not signed by a CA in NATS_TLS_CA");
    }

    @Test
    void aCertificateForAnotherHostIsRefusedWhileVerificationIsOn() throws Exception {
        // given a server whose certificate names nats.example.org only, reached as 127.0.0.1
        // when
        Attempt attempt = connect(otherNameServer.tlsUrl(), trusting());
        // then
        assertThat(attempt.connection()).isNull();
        assertThat(attempt.explanation()).contains("does not name the host of NATS_URL");
    }

    @Test
    void turningHostNameVerificationOffAcceptsItWithAWarning() throws Exception {
        // given
        ListAppender<ILoggingEvent> logs = capture();
        // when
        Attempt attempt = connect(otherNameServer.tlsUrl(), trusting().withoutHostnameVerification());
        // then
        try (Connection connection = attempt.connection()) {
            assertThat(connection).as(attempt.explanation()).isNotNull();
        }
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).contains("NATS_TLS_VERIFY_HOSTNAME=false");
        });
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRefused() throws Exception {
        // given
        ListAppender<ILoggingEvent> logs = capture(MissingClientCertificate.class);
        // when
        Attempt attempt = connect(mutualServer.tlsUrl(), trusting());
        // then the server drops the connection (under TLS 1.3 the client sees its handshake time out)
        assertThat(attempt.connection()).isNull();
        // and the log says why
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("asks for a client certificate").contains("set NATS_TLS_CERT and NATS_TLS_KEY"));
    }

    @Test
    void mutualTlsWithAClientCertificateConnectsAndNeverLogsTheKey() throws Exception {
        // given a client certificate from the CA the server verifies clients with
        TestCertificates.Pem client = authority.client("mq-worker-client");
        ListAppender<ILoggingEvent> logs = capture();
        MeshConfig config = MeshConfig.forTests("mq-worker", mutualServer.tlsUrl())
                .withNatsTls(new NatsTls(authority.caFile(), client.certificate(), client.key(), true));
        // when
        try (MeshRuntime worker = MeshApp.start(config)) {
            // then
            assertThat(worker.isReady()).isTrue();
        }
        String keyBody = Files.readAllLines(client.key()).get(1);
        assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(keyBody));
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(client.key().toString()));
    }

    private static ListAppender<ILoggingEvent> capture() {
        return capture(NatsSslContext.class);
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> source) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        logger.addAppender(appender);
        DETACH.add(() -> logger.detachAppender(appender));
        return appender;
    }

    private static final List<Runnable> DETACH = new CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void detachLogCaptures() {
        DETACH.forEach(Runnable::run);
        DETACH.clear();
    }

    @Test
    void anExecutableWithAMissingCaFileStopsWithOneLineNamingTheSetting() {
        // given
        Path missing = dir.resolve("no-such-ca.pem");
        MeshConfig config = MeshConfig.forTests("mq-worker", tlsServer.tlsUrl())
                .withNatsTls(new NatsTls(missing, null, null, true));
        ListAppender<ILoggingEvent> logs = capture(MeshApp.class);
        // when
        int exitCode = MeshApp.run(config, false);
        // then
        assertThat(exitCode).isEqualTo(1);
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getFormattedMessage()).contains("could not start: NATS_TLS_CA " + missing);
            assertThat(e.getThrowableProxy()).isNull();
        });
    }

    @Test
    void anUnusableKeyFileIsReportedWithoutItsContents() throws Exception {
        // given a key in a format the JDK does not read, and a certificate
        Path key = Files.writeString(dir.resolve("pkcs1.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n");
        TestCertificates.Pem client = authority.client("pkcs1-client");
        // when / then
        assertThatThrownBy(() -> NatsSslContext.of(new NatsTls(null, client.certificate(), key, true)))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("NATS_TLS_KEY")
                .hasMessageContaining(key.toString()).hasMessageContaining("openssl pkcs8")
                .hasMessageNotContaining("TOPSECRET");
        assertThatThrownBy(() -> NatsSslContext.of(new NatsTls(dir.resolve("missing.pem"), null, null, true)))
                .isInstanceOf(TlsSetupException.class).hasMessageContaining("NATS_TLS_CA");
    }
}
