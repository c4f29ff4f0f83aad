package io.mailmesh.mesh.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.emit.HeaderValues;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.mesh.testing.TestWorkers;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Problem;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Route;
import io.mailmesh.orders.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every request gets exactly one reply, whatever its bytes: the hostile corpus is sent to every request/reply
 * subject of seed 002's table, handled by mesh-core handlers on a real nats-server, and each request's own inbox
 * must receive one error reply with a named code, and no second one.
 */
class HostileRequestTest {
    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    /** The codes a reply to a hostile request may carry: the codec's problems and the handlers' own rejection. */
    private static final Set<String> NAMED_CODES = Stream.concat(Stream.of(Problem.values()).map(Problem::code),
            Stream.of("not_found")).collect(Collectors.toSet());

    static MeshRuntime worker;
    static Connection client;
    final OrderCodec codec = new OrderCodec();

    @BeforeAll
    static void startWorker() throws Exception {
        List<HandlerBinding<?>> bindings = new ArrayList<>();
        RejectingHandlers.requestRoutes(Routes.ALL).forEach(route -> route.orders().forEach(type ->
                bindings.add(route == Routes.INBOUND_SMTP ? hugeReplyOnRequest()
                        : RejectingHandlers.forOrder(route, type))));
        worker = MeshApp.start(MeshConfig.forTests("hostile-worker", nats.url()),
                TestWorkers.handlers(bindings.toArray(HandlerBinding<?>[]::new)));
        client = Nats.connect(nats.url());
    }

    /** inboundSMTP's handler rejects like the others, except that it answers "huge-reply" beyond the server's limit. */
    private static HandlerBinding<?> hugeReplyOnRequest() {
        return HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class, (order, ctx) -> {
            if (order.messageId().equals("huge-reply")) {
                return Reply.ok("imported", Map.of("discussion_id", "d".repeat(2 * 1024 * 1024)));
            }
            throw io.mailmesh.mesh.handler.OrderFailedException.notFound("not_found",
                    "nothing is known of " + order.fields());
        });
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        worker.close();
    }

    @Test
    void everyHostileRequestOnEveryRequestSubjectGetsExactlyOneNamedErrorReply() throws Exception {
        // given the corpus for each request/reply subject, each request with its own inbox
        String prefix = "_HOSTILE." + System.nanoTime();
        Map<String, Sent> sent = new LinkedHashMap<>();
        RejectingHandlers.requestRoutes(Routes.ALL).forEach(route -> {
            OrderType request = route.accepts(OrderType.DELIVER) ? OrderType.DELIVER : OrderType.PROCESS_INBOUND;
            List<HostileBodies.Body> bodies = HostileBodies.forOrder(request);
            for (int i = 0; i < bodies.size(); i++) {
                sent.put(prefix + "." + route.subject() + "." + i, new Sent(route, bodies.get(i)));
            }
        });
        Map<String, Message> firstReplies = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> replyCounts = new ConcurrentHashMap<>();
        CountDownLatch secondReply = new CountDownLatch(1);
        Dispatcher inboxes = client.createDispatcher(reply -> {
            if (replyCounts.computeIfAbsent(reply.getSubject(), s -> new AtomicInteger()).incrementAndGet() > 1) {
                secondReply.countDown();
            }
            firstReplies.putIfAbsent(reply.getSubject(), reply);
        });
        inboxes.subscribe(prefix + ".>");
        client.flush(Duration.ofSeconds(5));

        // when every body is sent as a request
        sent.forEach((inbox, s) -> client.publish(s.route().subject(), inbox, s.body().bytes()));

        // then each inbox gets a reply, and no inbox a second one within a bounded wait after the last
        TestWorkers.await(Duration.ofSeconds(60), "a reply to each of " + sent.size() + " requests",
                () -> firstReplies.size() == sent.size());
        assertThat(secondReply.await(500, TimeUnit.MILLISECONDS)).as("a second reply came").isFalse();
        assertThat(replyCounts.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        client.closeDispatcher(inboxes);

        SoftAssertions softly = new SoftAssertions();
        sent.forEach((inbox, s) -> {
            Message message = firstReplies.get(inbox);
            Reply reply = codec.decodeReply(message.getData());
            String what = s.route().subject() + " / " + s.body();
            softly.assertThat(reply.error()).as("%s is an error reply", what).isTrue();
            softly.assertThat(reply.code()).as("%s has a named code", what).isIn(NAMED_CODES);
            String header = message.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR);
            softly.assertThat(header).as("%s service error header", what).matches("[\\x20-\\x7E]{1,512}");
            softly.assertThat(message.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR_CODE)).as(what)
                    .matches("[45]\\d\\d");
        });
        softly.assertAll();

        // and the metrics kept no tag a sender chose: only seed 002's order names and subjects, or "unknown"
        var meters = worker.get(PrometheusMeterRegistry.class).find("mesh.orders").meters();
        assertThat(meters).isNotEmpty();
        assertThat(meters).allSatisfy(meter -> {
            assertThat(meter.getId().getTag("order")).isIn(Stream.concat(Stream.of(OrderType.values())
                    .map(OrderType::wireName), Stream.of("unknown")).toList());
            assertThat(Routes.bySubject(meter.getId().getTag("subject"))).isPresent();
        });
    }

    @Test
    void theBugReportsRequestIsAnsweredWithTheFullMessageInJsonAndAnEscapedHeader() throws Exception {
        // when (as `nats req outboundSMTP '{"order":"délivrer",...}'`)
        Message reply = client.request(Routes.OUTBOUND_SMTP.subject(),
                "{\"order\":\"d\u00e9livrer\",\"message_id\":\"m\",\"remote_id\":\"r\",\"user_id\":\"u\"}"
                        .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

        // then
        Reply decoded = codec.decodeReply(reply.getData());
        assertThat(decoded.code()).isEqualTo("unknown_order");
        assertThat(decoded.message()).contains("names order \"d\u00e9livrer\"");
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR)).contains("names order \"d\\u00E9livrer\"");
    }

    @Test
    void crAndLfInAnIdOnTwitterDmCannotForgeAHeader() throws Exception {
        // when
        Message reply = client.request(Routes.TWITTER_DM.subject(), ("{\"order\":\"deliver\",\"message_id\":\"m\","
                + "\"remote_id\":\"r\\r\\nNats-Service-Error-Code: 200\",\"user_id\":\"u\"}")
                .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

        // then
        assertThat(codec.decodeReply(reply.getData()).code()).isEqualTo("not_found");
        assertThat(reply.getHeaders().get(MeshHeaders.SERVICE_ERROR_CODE)).containsExactly("404");
        assertThat(reply.getHeaders().getFirst(MeshHeaders.SERVICE_ERROR)).doesNotContain("\r", "\n");
    }

    @Test
    void aReplyTooLargeForTheServerIsReplacedByAMinimalErrorReply() throws Exception {
        // when the handler's reply is over the server's max payload
        Message reply = client.request(Routes.INBOUND_SMTP.subject(), ("{\"order\":\"process_inbound\","
                + "\"message_id\":\"huge-reply\",\"remote_id\":\"r\",\"user_id\":\"u\"}")
                .getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

        // then the requester still gets an answer
        assertThat(reply).isNotNull();
        assertThat(codec.decodeReply(reply.getData()).code()).isEqualTo("reply_not_sent");
    }

    @Test
    void headerValuesAreBoundedPrintableAscii() {
        assertThat(HeaderValues.safe("plain text")).isEqualTo("plain text");
        assertThat(HeaderValues.safe("a\r\nb\u0000c\td")).isEqualTo("a  b c d");
        assertThat(HeaderValues.safe("d\u00e9j\u00e0 \uD83D\uDE80")).isEqualTo("d\\u00E9j\\u00E0 \\uD83D\\uDE80");
        assertThat(HeaderValues.safe("x".repeat(600))).hasSize(512).endsWith("...");
        assertThat(HeaderValues.safe("\u00e9".repeat(600))).hasSizeLessThanOrEqualTo(512).endsWith("...")
                .doesNotContain("\\u00E...");
        assertThat(HeaderValues.safe("x".repeat(512))).isEqualTo("x".repeat(512));
        assertThat(HeaderValues.safe(null)).isEmpty();
    }

    private record Sent(Route route, HostileBodies.Body body) {
    }
}
