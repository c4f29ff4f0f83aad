package io.mailmesh.apiemitter.middleman;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.ApiFixture;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.security.AuthDirectory;
import io.mailmesh.mesh.store.StoreSettings;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The middleman on a nats-server in operator mode, with api-emitter's own credentials: its grants cover the bridge
 * subjects, the queue group, the enablements bucket and the {@code $SRV} answers (a missing permission would leave
 * the bucket unopened, a message undelivered or a discovery request unanswered).
 */
class MiddlemanOnOperatorServerTest {
    static final String SERVICE_KEY = "operator-mode-service-key";

    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();

    @Test
    void givenApiEmittersCredentials_thenPubSubReqResEnablementsDiscoveryAndMetricsWork() throws Exception {
        MeshConfig config = MeshConfig.forTests("api-emitter", nats.url());
        config = new MeshConfig(config.executable(), config.instanceId(), config.natsUrl(),
                nats.creds("api-emitter"), config.delivery(), config.httpPort(), config.handlerDefaults(),
                config.maxDeliveries(), config.backoffBase(), config.backoffMax(), config.drainTimeout(),
                config.developmentProfile(), config.natsTls());
        try (ApiFixture api = ApiFixture.startWithConfig(config, StoreSettings.DEFAULT_BUCKET_PREFIX,
                new MiddlemanModule(MiddlemanSettings.defaults().withKeys(List.of(SERVICE_KEY), List.of())));
             Connection ops = Nats.connect(Options.builder().server(nats.url()).maxReconnects(0)
                     .maxControlLine(AuthDirectory.MAX_CONTROL_LINE).inboxPrefix("_INBOX.ops")
                     .authHandler(Nats.credentials(nats.creds(AuthDirectory.OPS).toString())).build());
             WsPeer service = WsPeer.login(api.port, SERVICE_KEY);
             WsPeer requester = WsPeer.login(api.port, SERVICE_KEY)) {
            Enablements enablements = api.runtime.get(Enablements.class);
            ApiFixture.await(Duration.ofSeconds(20), "the enablements bucket opened", enablements::isReady);

            service.send("EPUB op");
            service.send("SUB op");
            service.sync();
            assertThat(enablements.allows(Enablements.Kind.PUB, "op")).isTrue();
            requester.send("PUB op\n\nhello\n.\n");
            assertThat(service.next()).isEqualTo("PUB op\n\nhello\n.\n");
            requester.send("REQ op\nReqID:1\n\nq\n.\n");
            String request = service.next();
            service.send("RES op\n" + request.split("\n")[1] + "\n\na\n.\n");
            assertThat(requester.next()).isEqualTo("RES op\nReqID:1\n\na\n.\n");

            var reply = ops.request("$SRV.STATS.api-emitter." + api.runtime.config().instanceId(), new byte[0],
                    Duration.ofSeconds(5));
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("\"name\":\"middleman\"")
                    .contains("\"service_connections\":2");
            String metrics = api.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + api.runtime.managementPort() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("middleman_connections{").contains("role=\"service\"")
                    .contains("middleman_subscriptions").contains("middleman_messages_delivered_total")
                    .contains("middleman_frames_received_total{");
        }
    }
}
