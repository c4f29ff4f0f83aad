package io.mailmesh.apiemitter.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fanout connection: reads its lines (framed, length-limited and stripped of {@code \n} or {@code \r\n} by the
 * pipeline's line decoder), answers {@code ping}/{@code info}, keeps its subscriptions, and takes channel lines from
 * the hub. Everything here runs on the connection's event loop.
 */
final class FanoutClient extends SimpleChannelInboundHandler<ByteBuf> {
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(FanoutClient.class);

    private final FanoutHub hub;
    private final FanoutStats stats;
    private final FanoutSettings settings;
    private final FanoutInfo info;
    private final List<byte[]> tokenDigests;
    private final Set<String> subscriptions = new LinkedHashSet<>();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private Channel channel;
    private boolean served;
    private boolean authenticated;

    FanoutClient(FanoutHub hub, FanoutStats stats, FanoutSettings settings, FanoutInfo info, List<byte[]> tokenDigests) {
        this.hub = hub;
        this.stats = stats;
        this.settings = settings;
        this.info = info;
        this.tokenDigests = tokenDigests;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (!stats.tryConnect(settings.maxClients())) {
            stats.connectionRefused("busy");
            channel.writeAndFlush(text("debug!busy\n")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        served = true;
        send("debug!connected...");
        if (settings.authenticates()) {
            send("debug!authenticate with: auth <token>");
            ctx.executor().schedule(() -> {
                if (!authenticated && channel.isActive()) {
                    stats.connectionRefused("auth_timeout");
                    refuseAndClose("authentication timed out");
                }
            }, AUTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            admitted();
        }
    }

    private void admitted() {
        authenticated = true;
        subscriptions.add(ChannelNames.ALL);
        hub.join(ChannelNames.ALL, this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!served) {
            return;
        }
        for (String channelName : subscriptions) {
            hub.leave(channelName, this);
        }
        subscriptions.clear();
        stats.disconnected();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (!served) {
            return;
        }
        stats.line();
        try {
            Request request = Request.parse(LineText.decode(ByteBufUtil.getBytes(frame)));
            if (request instanceof Request.Auth auth) {
                authenticate(auth.token());
            } else if (!authenticated) {
                throw new LineText.Refused("unauthenticated", "authenticate first: auth <token>");
            } else {
                serve(request);
            }
        } catch (LineText.Refused refused) {
            stats.lineRefused(refused.tag());
            send("debug!error: " + refused.getMessage());
        } catch (IllegalStateException natsDown) {
            stats.lineRefused("nats_unavailable");
            send("debug!error: not sent, NATS is unavailable: " + natsDown.getMessage());
        }
    }

    private void serve(Request request) {
        if (request instanceof Request.Ping) {
            stats.ping();
            send(Long.toString(System.currentTimeMillis() / 1000));
        } else if (request instanceof Request.Info) {
            channel.writeAndFlush(text(info.describe()));
        } else if (request instanceof Request.Subscribe subscribe) {
            subscribe(subscribe.channel());
        } else if (request instanceof Request.Unsubscribe unsubscribe) {
            unsubscribe(unsubscribe.channel());
        } else if (request instanceof Request.Announce announce) {
            hub.announce(announce.channel(), announce.message());
        }
    }

    private void subscribe(String channelName) {
        if (!subscriptions.contains(channelName) && subscriptions.size() - 1 >= settings.maxSubscriptions()) {
            throw new LineText.Refused("subscription_limit", "subscription limit of " + settings.maxSubscriptions()
                    + " channels reached");
        }
        subscriptions.add(channelName);
        stats.subscribed();
        hub.join(channelName, this).whenComplete((ok, failure) -> send(failure == null
                ? "debug!subscribed " + channelName
                : "debug!error: subscribed to " + channelName + " but NATS did not confirm it yet ("
                        + failure.getClass().getSimpleName() + "); messages arrive once it does"));
    }

    private void unsubscribe(String channelName) {
        if (!subscriptions.remove(channelName)) {
            throw new LineText.Refused("not_subscribed", "not subscribed to " + channelName);
        }
        stats.unsubscribed();
        hub.leave(channelName, this);
        send("debug!unsubscribed " + channelName);
    }

    private void authenticate(String token) {
        if (!settings.authenticates()) {
            throw new LineText.Refused("auth_not_needed", "this server does not use tokens");
        }
        if (authenticated) {
            throw new LineText.Refused("already_authenticated", "already authenticated");
        }
        byte[] digest = digest(token);
        boolean known = false;
        for (byte[] candidate : tokenDigests) {
            known |= MessageDigest.isEqual(candidate, digest);
        }
        if (!known) {
            stats.connectionRefused("auth");
            refuseAndClose("authentication failed");
            return;
        }
        admitted();
        send("debug!authenticated");
    }

    /**
     * Queues a channel line unless the client has not kept up: past {@code FANOUT_MAX_QUEUED_BYTES} queued it is
     * disconnected instead, so it holds up no one. Called on the client's event loop.
     */
    boolean deliver(ByteBuf line) {
        if (dropped.get() || !channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            dropSlow();
            return false;
        }
        channel.writeAndFlush(line.retainedDuplicate());
        return true;
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable() && authenticated) {
            dropSlow();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void dropSlow() {
        if (dropped.compareAndSet(false, true)) {
            stats.slowDisconnect();
            LOG.info("fanout client {} disconnected: more than {} bytes queued", channel.remoteAddress(),
                    settings.maxQueuedBytes());
            channel.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            stats.lineRefused("too_long");
            send("debug!error: line longer than " + settings.maxLineBytes() + " bytes refused");
        } else if (cause instanceof IOException) {
            LOG.debug("fanout client {} connection error: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            LOG.warn("fanout client {} closed after an unexpected error", ctx.channel().remoteAddress(), cause);
            refuseAndClose("internal error");
        }
    }

    private void refuseAndClose(String reason) {
        channel.writeAndFlush(text("debug!error: " + reason + "\n")).addListener(ChannelFutureListener.CLOSE);
    }

    private void send(String line) {
        channel.writeAndFlush(text(line + "\n"));
    }

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
