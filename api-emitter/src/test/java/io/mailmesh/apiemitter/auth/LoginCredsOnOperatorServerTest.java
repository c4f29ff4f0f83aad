package io.mailmesh.apiemitter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The NATS creds a login returns, signed with the key nats-auth init made, on a real server in operator mode. */
class LoginCredsOnOperatorServerTest {
    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();

    @TempDir
    Path dir;

    @Test
    void givenLoginCreds_thenTheClientPublishesInItsOwnNamespaceOnlyAndCannotReadTheMesh() throws Exception {
        // given the auth service's issuer on init's account signing key, and a login of user u1
        AuthSettings settings = AuthSettings.defaults(false).withSigningKey(nats.auth().accountSigningKey(), null);
        Path creds = Files.writeString(dir.resolve("u1.creds"),
                new NatsCredsIssuer(settings).issue("u1").orElseThrow().creds());
        List<String> errors = new CopyOnWriteArrayList<>();

        try (Connection ops = connect(nats.creds(AuthDirectory.OPS), "_INBOX.ops", e -> { });
             Connection client = connect(creds, "client.u1.inbox", errors::add)) {
            Subscription ingress = ops.subscribe("MESSAGES.*");
            ops.flush(Duration.ofSeconds(2));

            // when the client publishes for itself, for someone else, and on a mesh route
            client.publish("MESSAGES.u1", "{}".getBytes(StandardCharsets.UTF_8));
            client.publish("MESSAGES.u2", "{}".getBytes(StandardCharsets.UTF_8));
            client.publish("outboundSMTP", "{}".getBytes(StandardCharsets.UTF_8));
            client.subscribe("inboundSMTP");
            client.flush(Duration.ofSeconds(2));

            // then only its own ingress subject gets through
            Message first = ingress.nextMessage(Duration.ofSeconds(5));
            assertThat(first.getSubject()).isEqualTo("MESSAGES.u1");
            TestWorkers.await(Duration.ofSeconds(5), "three permission violations (seen " + errors + ")",
                    () -> errors.stream().filter(e -> e.contains("Permissions Violation")).count() == 3);
            assertThat(errors).anyMatch(e -> e.contains("\"MESSAGES.u2\""))
                    .anyMatch(e -> e.contains("\"outboundSMTP\"")).anyMatch(e -> e.contains("\"inboundSMTP\""));
            assertThat(ingress.nextMessage(Duration.ofMillis(300))).isNull();
        }
    }

    private static Connection connect(Path creds, String inbox, java.util.function.Consumer<String> errors)
            throws Exception {
        return Nats.connect(Options.builder().server(nats.url()).maxReconnects(0)
                .maxControlLine(AuthDirectory.MAX_CONTROL_LINE).inboxPrefix(inbox)
                .authHandler(Nats.credentials(creds.toString())).errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.accept(error);
                    }
                }).build());
    }
}
