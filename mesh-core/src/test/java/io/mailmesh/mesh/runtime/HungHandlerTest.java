package io.mailmesh.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerOptions;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A handler that hangs past its deadline holds only its own thread; the route keeps its concurrency. */
class HungHandlerTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    private final OrderCodec codec = new OrderCodec();
    private final CountDownLatch releaseHung = new CountDownLatch(1);

    /**
     * "hang" blocks until released, ignoring interrupts like blocking I/O; "pair" answers "together" only if another
     * "pair" order runs at the same time.
     */
    private HandlerBinding<MessageOrder> handler(HandlerOptions options, CountDownLatch pairRunning) {
        return HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class, (order, ctx) -> {
            if (order.messageId().equals("hang")) {
                awaitIgnoringInterrupts(releaseHung);
                return Reply.ok("late");
            }
            if (order.messageId().equals("pair")) {
                pairRunning.countDown();
                return Reply.ok(pairRunning.await(5, TimeUnit.SECONDS) ? "together" : "alone");
            }
            return Reply.ok("imported " + order.messageId());
        }).withOptions(options);
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // a handler stuck in blocking I/O does not notice an interrupt either
            }
        }
    }

    private static CompletableFuture<Message> send(Connection client, String messageId) {
        return client.requestWithTimeout(Routes.INBOUND_SMTP.subject(), ("{\"order\":\"process_inbound\",\"message_id\":\""
                + messageId + "\",\"remote_id\":\"r\",\"user_id\":\"u\"}").getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
    }

    private Reply replyTo(CompletableFuture<Message> request) throws Exception {
        return codec.decodeReply(request.get(10, TimeUnit.SECONDS).getData());
    }

    @Test
    void aRouteKeepsAnsweringAtFullConcurrencyWhileAHandlerHangs() throws Exception {
        // given a route of two threads, one of them stuck in a handler that is past its deadline
        CountDownLatch pairRunning = new CountDownLatch(2);
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(handler(new HandlerOptions(Duration.ofMillis(1_500), 2), pairRunning)));
             Connection client = Nats.connect(nats.url())) {
            assertThat(replyTo(send(client, "hang")).code()).isEqualTo("timeout");

            // when two orders arrive that can only finish if they run at the same time
            CompletableFuture<Message> first = send(client, "pair");
            CompletableFuture<Message> second = send(client, "pair");

            // then both run together, on the two threads the route still has
            assertThat(replyTo(first)).isEqualTo(Reply.ok("together"));
            assertThat(replyTo(second)).isEqualTo(Reply.ok("together"));
            releaseHung.countDown(); // so the stop need not wait for it
        } finally {
            releaseHung.countDown();
        }
    }

    @Test
    void aRouteWithMoreHungHandlersThanSpareThreadsSaysSoAndAnswersAgainOnceOneReturns() throws Exception {
        // given a route of one thread, and logs captured
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger workersLog = (Logger) LoggerFactory.getLogger("io.mailmesh.mesh.delivery.RouteWorkers");
        logs.start();
        workersLog.addAppender(logs);
        CountDownLatch unusedPair = new CountDownLatch(2);
        try (MeshRuntime worker = MeshApp.start(MeshConfig.forTests("mq-worker", nats.url()),
                TestWorkers.handlers(handler(new HandlerOptions(Duration.ofMillis(200), 1), unusedPair)));
             Connection client = Nats.connect(nats.url())) {

            // when one more handler hangs than the spare threads it may start (each answered at its deadline)
            int spare = 4;
            List<Reply> timeouts = new ArrayList<>();
            for (int i = 0; i <= spare; i++) {
                timeouts.add(replyTo(send(client, "hang")));
            }
            CompletableFuture<Message> waiting = send(client, "m1");

            // then it logs that no thread replaces the last one, and answers again once a hung handler returns
            assertThat(timeouts).extracting(Reply::code).containsOnly("timeout");
            TestWorkers.await(Duration.ofSeconds(5), "the warning", () -> logs.list.stream().anyMatch(e ->
                    e.getLevel() == Level.WARN && e.getFormattedMessage().contains("past their deadline")));
            releaseHung.countDown();
            assertThat(replyTo(waiting)).isEqualTo(Reply.ok("imported m1"));
            assertThat(replyTo(send(client, "m2"))).isEqualTo(Reply.ok("imported m2"));
        } finally {
            releaseHung.countDown();
            workersLog.detachAppender(logs);
        }
    }
}
