package io.mailmesh.imapbridge.testing;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.store.RawMessageStore;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Routes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for mq-worker on inboundSMTP: reads the stored raw mail, de-duplicates by Message-ID per user and
 * records what it kept. A test can make it stall on one Message-ID until released, or refuse one once.
 */
@Singleton
public final class FakeMqWorker implements HandlerSet {
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>]+>)");

    private final RawMessageStore raw;
    private final Map<String, Set<String>> kept = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile String stallOn;
    private volatile String failOn;
    private volatile String failCode;
    private volatile CountDownLatch stalled = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    @Inject
    public FakeMqWorker(RawMessageStore raw) {
        this.raw = raw;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(Routes.INBOUND_SMTP, OrderType.PROCESS_INBOUND, MessageOrder.class,
                this::process));
    }

    private Reply process(MessageOrder order, OrderContext ctx) throws InterruptedException {
        String text = new String(raw.rawMessageBytes(order.messageId()), StandardCharsets.ISO_8859_1);
        Matcher m = MESSAGE_ID.matcher(text);
        String messageId = m.find() ? m.group(1) : order.messageId();
        if (messageId.equals(failOn)) {
            failOn = null;
            return Reply.failure(failCode, "mq-worker cannot take " + messageId + " now");
        }
        if (messageId.equals(stallOn)) {
            stallOn = null;
            stalled.countDown();
            release.await(60, TimeUnit.SECONDS);
        }
        calls.computeIfAbsent(order.userId(), u -> new AtomicInteger()).incrementAndGet();
        boolean fresh = kept.computeIfAbsent(order.userId(), u -> ConcurrentHashMap.newKeySet()).add(messageId);
        return Reply.ok(fresh ? "stored" : "duplicate", Map.of("message_id", order.messageId(),
                "discussion_id", "d1"));
    }

    /** Distinct Message-IDs kept for a user. */
    public Set<String> kept(String userId) {
        return kept.getOrDefault(userId, Set.of());
    }

    /** process_inbound requests received for a user. */
    public int calls(String userId) {
        AtomicInteger n = calls.get(userId);
        return n == null ? 0 : n.get();
    }

    /** Makes the next process_inbound of {@code messageId} wait until {@link #release()}. */
    public CountDownLatch stallOn(String messageId) {
        stalled = new CountDownLatch(1);
        release = new CountDownLatch(1);
        stallOn = messageId;
        return stalled;
    }

    /** Makes the next process_inbound of {@code messageId} answer the error {@code code}, once. */
    public void failOnceOn(String messageId, String code) {
        failCode = code;
        failOn = messageId;
    }

    public void release() {
        release.countDown();
    }
}
