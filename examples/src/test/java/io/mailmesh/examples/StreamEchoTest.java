package io.mailmesh.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.examples.stream.StreamEchoClient;
import io.mailmesh.examples.stream.StreamEchoWorker;
import io.mailmesh.examples.stream.StreamEchoed;
import io.mailmesh.mesh.delivery.DurableTopology;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stream echo: request and reply both kept in JetStream; the client's outbox holds what NATS could not take. */
class StreamEchoTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();
    @TempDir
    Path outbox;

    @Test
    void givenNoWorker_whenARequestIsSent_thenTheWorkerStartedLaterAnswersIt_andTheReplyWaitsForTheClient()
            throws Exception {
        List<StreamEchoed> replies = new CopyOnWriteArrayList<>();
        StreamEchoClient echo = new StreamEchoClient(outbox, replies::add);
        // the client sends, then goes away before any worker runs
        try (MeshRuntime client = MeshApp.start(Clients.config(ExampleRoutes.STREAM_ECHO_CLIENT, nats, false))) {
            echo.connect(client.get(OrderEmitter.class));
            assertThat(echo.send("r1", "persisted")).isTrue();
        }
        // a worker starts, answers, and is stopped (a restart between request and reply)
        try (MeshRuntime worker = MeshApp.start(Clients.config(ExampleRoutes.STREAM_ECHO_WORKER, nats, false),
                Worker.of(new StreamEchoWorker()))) {
            TestWorkers.await(Duration.ofSeconds(10), "the reply in the stream", () -> pendingReplies() == 1);
        }
        // the client comes back and finds its reply
        try (MeshRuntime client = MeshApp.start(Clients.config(ExampleRoutes.STREAM_ECHO_CLIENT, nats, false),
                Worker.of(echo))) {
            TestWorkers.await(Duration.ofSeconds(10), "the reply", () -> replies.size() == 1);
        }
        assertThat(replies).containsExactly(new StreamEchoed("r1", "echo: persisted"));
    }

    @Test
    void givenNatsIsDown_whenARequestIsSent_thenItWaitsInTheOutbox_andIsAnsweredOnceNatsIsBack() throws Exception {
        List<StreamEchoed> replies = new CopyOnWriteArrayList<>();
        StreamEchoClient echo = new StreamEchoClient(outbox, replies::add);
        try (MeshRuntime worker = MeshApp.start(Clients.config(ExampleRoutes.STREAM_ECHO_WORKER, nats, false),
                Worker.of(new StreamEchoWorker()));
             MeshRuntime client = MeshApp.start(Clients.config(ExampleRoutes.STREAM_ECHO_CLIENT, nats, false),
                     Worker.of(echo))) {
            echo.connect(client.get(OrderEmitter.class));
            nats.server().stop();

            boolean sent = echo.send("r2", "while down");

            assertThat(sent).isFalse();
            assertThat(echo.waiting()).isEqualTo(1);

            nats.server().start();
            TestWorkers.await(Duration.ofSeconds(30), "the outbox to empty", () -> flushed(echo));
            TestWorkers.await(Duration.ofSeconds(15), "the reply", () -> !replies.isEmpty());
            assertThat(replies).containsExactly(new StreamEchoed("r2", "echo: while down"));
        }
    }

    private static boolean flushed(StreamEchoClient echo) {
        try {
            echo.flushOutbox();
            return echo.waiting() == 0;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long pendingReplies() {
        try (var admin = io.nats.client.Nats.connect(nats.url())) {
            return admin.jetStreamManagement().getConsumerInfo(DurableTopology.streamOf(ExampleRoutes.STREAM_ECHOED),
                    DurableTopology.consumerName(ExampleRoutes.STREAM_ECHOED)).getNumPending();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
