package io.mailmesh.apiemitter.fanout;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of this instance's clients, bridged to NATS. A channel with at least one local subscriber has one
 * NATS subscription on {@code fanout.<channel>}; an announce is published there, and every instance with
 * subscribers (this one included) writes {@code <channel>!<message>\n} to each of them. Publishing on
 * {@code fanout.all} with the {@code nats} CLI reaches every client.
 */
@Singleton
final class FanoutHub {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutHub.class);

    private final Connection nats;
    private final FanoutStats stats;
    private final int maxLineBytes;
    private final ConcurrentMap<String, Members> channels = new ConcurrentHashMap<>();
    private final NatsConfirmations confirmations;
    /** Bytes of lines handed to event loops and not yet written to the clients' queues. */
    private final AtomicLong queuedForLoops = new AtomicLong();
    static final long MAX_QUEUED_FOR_LOOPS = 64L << 20;
    private volatile Dispatcher dispatcher;

    /** The local subscribers of one channel, and when NATS confirmed the channel's subscription. */
    private record Members(Set<FanoutClient> clients, CompletableFuture<Void> confirmed) {
    }

    @Inject
    FanoutHub(Connection nats, FanoutStats stats, FanoutSettings settings) {
        this.nats = nats;
        this.stats = stats;
        this.maxLineBytes = settings.maxLineBytes();
        this.confirmations = new NatsConfirmations(nats);
    }

    void start() {
        dispatcher = nats.createDispatcher(this::onMessage);
    }

    void stop() {
        if (dispatcher != null) {
            nats.closeDispatcher(dispatcher);
        }
        confirmations.close();
    }

    /**
     * Adds {@code client} to {@code channel}; completes once NATS has the channel's subscription, so announces made
     * on any instance afterwards reach the client.
     */
    CompletableFuture<Void> join(String channel, FanoutClient client) {
        Members members = channels.compute(channel, (name, current) -> {
            Members m = current;
            if (m == null) {
                dispatcher.subscribe(ChannelNames.subject(name));
                m = new Members(ConcurrentHashMap.newKeySet(), confirmations.afterPending());
                stats.channelsChanged(1);
            }
            if (m.clients().add(client)) {
                stats.subscriptionsChanged(1);
            }
            return m;
        });
        return members.confirmed();
    }

    void leave(String channel, FanoutClient client) {
        channels.computeIfPresent(channel, (name, members) -> {
            if (members.clients().remove(client)) {
                stats.subscriptionsChanged(-1);
            }
            if (!members.clients().isEmpty()) {
                return members;
            }
            dispatcher.unsubscribe(ChannelNames.subject(name));
            stats.channelsChanged(-1);
            return null;
        });
    }

    /** Publishes an announce; throws {@link IllegalStateException} when NATS cannot take it. */
    void announce(String channel, String message) {
        nats.publish(ChannelNames.subject(channel), message.getBytes(StandardCharsets.UTF_8));
        stats.announced();
    }

    int channelCount() {
        return channels.size();
    }

    private void onMessage(Message message) {
        String channel = ChannelNames.channelOf(message.getSubject());
        Members members = channels.get(channel);
        stats.received();
        byte[] payload = message.getData();
        String reason = deliverable(payload);
        if (reason != null) {
            stats.messageRejected(reason);
            LOG.warn("fanout message on {} not delivered: {}", message.getSubject(), reason);
            return;
        }
        if (members == null || members.clients().isEmpty()) {
            return;
        }
        byte[] prefix = (channel + "!").getBytes(StandardCharsets.US_ASCII);
        ByteBuf line = Unpooled.buffer(prefix.length + payload.length + 1);
        line.writeBytes(prefix).writeBytes(payload).writeByte('\n');
        try {
            Map<EventLoop, List<FanoutClient>> byLoop = new HashMap<>();
            for (FanoutClient client : members.clients()) {
                byLoop.computeIfAbsent(client.eventLoop(), loop -> new ArrayList<>()).add(client);
            }
            byLoop.forEach((loop, clients) -> deliverOn(loop, clients, line));
        } finally {
            line.release();
        }
        awaitLoopsBelowLimit();
    }

    /**
     * One task per event loop writes the line to that loop's subscribers: no task per client, and the loop's
     * flush consolidation sends what piled up for a client in one write.
     */
    private void deliverOn(EventLoop loop, List<FanoutClient> clients, ByteBuf line) {
        int bytes = line.readableBytes();
        queuedForLoops.addAndGet(bytes);
        line.retain();
        loop.execute(() -> {
            try {
                int written = 0;
                for (FanoutClient client : clients) {
                    if (client.deliver(line)) {
                        written++;
                    }
                }
                stats.delivered(written);
            } finally {
                line.release();
                queuedForLoops.addAndGet(-bytes);
            }
        });
    }

    /**
     * Back-pressure towards NATS: while the event loops have more than {@link #MAX_QUEUED_FOR_LOOPS} bytes of lines
     * to hand out, the dispatcher waits (NATS then buffers, and reports a slow consumer if it must drop).
     */
    private void awaitLoopsBelowLimit() {
        while (queuedForLoops.get() > MAX_QUEUED_FOR_LOOPS && dispatcher.isActive()) {
            LockSupport.parkNanos(100_000);
        }
    }

    /** Why a message from NATS cannot go out as one line, or null when it can. */
    private String deliverable(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return "empty";
        }
        if (payload.length > maxLineBytes) {
            return "too_long";
        }
        try {
            LineText.decode(payload);
            return null;
        } catch (LineText.Refused refused) {
            return refused.tag();
        }
    }
}
