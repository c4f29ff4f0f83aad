package io.mailmesh.apiemitter.fanout;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.mesh.handler.Lifecycle;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 004's fanout TCP line server on {@code FANOUT_LISTEN}. Netty event loops serve every connection without a
 * thread each (Java 17 has no virtual threads); the line decoder bounds a line and skips the rest of an over-long
 * one, and each client's write watermark bounds what it may have queued.
 */
@Singleton
public final class FanoutServer implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutServer.class);

    private final FanoutSettings settings;
    private final FanoutHub hub;
    private final FanoutStats stats;
    private final FanoutInfo info;
    private final List<byte[]> tokenDigests;
    private final ChannelGroup clients = new DefaultChannelGroup("fanout-clients", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel server;

    @Inject
    FanoutServer(FanoutSettings settings, FanoutHub hub, FanoutStats stats, FanoutInfo info) {
        this.settings = settings;
        this.hub = hub;
        this.stats = stats;
        this.info = info;
        this.tokenDigests = settings.tokens().stream().map(FanoutClient::digest).toList();
    }

    @Override
    public void start() throws InterruptedException {
        if (!settings.enabled()) {
            LOG.info("fanout line server off (FANOUT_LISTEN=off)");
            return;
        }
        hub.start();
        acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        int queued = settings.maxQueuedBytes();
        server = new ServerBootstrap().group(acceptor, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(queued / 2, queued))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        clients.add(channel);
                        // flushes of many lines queued in one turn of the loop go out as one write
                        channel.pipeline().addLast(new FlushConsolidationHandler(
                                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                                new LineBasedFrameDecoder(settings.maxLineBytes(), true, true),
                                new FanoutClient(hub, stats, settings, info, tokenDigests));
                    }
                }).bind(settings.listen()).sync().channel();
        LOG.info("fanout line server on {}{}", listening(), settings.authenticates() ? " (token required)" : "");
    }

    /** The bound port (useful with port 0), or -1 when off. */
    public int port() {
        return server == null ? -1 : ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Where it listens, {@code host:port}, or {@code off}. */
    public String listening() {
        if (server == null) {
            return "off";
        }
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void stop() throws InterruptedException {
        if (server != null) {
            server.close().sync();
            clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        hub.stop();
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public boolean isReady() {
        return !settings.enabled() || (server != null && server.isActive());
    }
}
