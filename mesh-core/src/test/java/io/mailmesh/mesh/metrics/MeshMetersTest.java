package io.mailmesh.mesh.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class MeshMetersTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    /** Micrometer's own JVM and process binders keep their standard names; everything else is mesh_. */
    private static final Pattern ONE_NAMING_SCHEME = Pattern.compile("(mesh|jvm|process|system)_[a-z0-9_]+");

    @Test
    void metricsShowJvmAndProcessMetersAndAnOrderLatencyHistogramAllUnderOneNamingScheme() throws Exception {
        // given a running worker that has handled one order
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND,
                        MessageOrder.class, (order, ctx) -> Reply.ok("imported"))));
             Connection client = Nats.connect(nats.url())) {
            client.request("inboundSMTP", ("{\"order\":\"process_inbound\",\"message_id\":\"m1\",\"remote_id\":\"r\","
                    + "\"user_id\":\"u\"}").getBytes(), Duration.ofSeconds(5));

            // when /metrics is scraped
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + worker.managementPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            // then the JVM, the process, the order histogram and the NATS client's events are there
            assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads{",
                    "process_cpu_usage{", "process_uptime_seconds{", "process_files_open_files{",
                    "mesh_nats_events_total{", "event=\"slow_consumer\"");
            assertThat(metrics).containsPattern("mesh_orders_seconds_bucket\\{.*le=\"0\\.005\"\\} [01]");
            assertThat(metrics).containsPattern("mesh_orders_seconds_bucket\\{.*le=\"30\\.0\"\\} 1");
            // and every meter follows one naming scheme
            List<String> names = Arrays.stream(metrics.split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]")[0]).distinct().toList();
            assertThat(names).isNotEmpty().allMatch(n -> ONE_NAMING_SCHEME.matcher(n).matches());
        }
    }

    @Test
    void aSlowConsumerIsCountedAndLoggedWithItsSubject() throws Exception {
        // given a connection reporting to NatsEvents and a subscriber that holds at most one pending message
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Logger logger = (Logger) LoggerFactory.getLogger(NatsEvents.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (Connection connection = Nats.connect(Options.builder().server(nats.url())
                .errorListener(new NatsEvents(registry)).build())) {
            Subscription slow = connection.subscribe("metrics.slow");
            slow.setPendingLimits(1, -1);

            // when many messages arrive that it never reads
            for (int i = 0; i < 50; i++) {
                connection.publish("metrics.slow", new byte[] {1});
            }
            connection.flush(Duration.ofSeconds(5));

            // then it is counted, and the log says which subject is slow, once, not once per dropped message
            TestWorkers.await(Duration.ofSeconds(5), "the slow consumer counted", () -> registry.get(
                    NatsEvents.METER).tag("event", "slow_consumer").counter().count() >= 1);
            assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("slow consumer on metrics.slow"))
                    .hasSize(1);
        } finally {
            logger.detachAppender(logs);
        }
    }
}
