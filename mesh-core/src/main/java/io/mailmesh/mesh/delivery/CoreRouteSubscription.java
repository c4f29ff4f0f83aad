package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.orders.OrderCodec;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A core NATS queue subscription whose orders are taken by the route's own threads ({@link RouteWorkers}) and
 * handled on the taking thread: requests are answered with a reply, publishes (twitter_dm's sync, or any pub/sub
 * route in core mode) end in a dead letter when they fail.
 *
 * <p>The subscription is synchronous: the NATS reader thread queues each message in the subscription's pending
 * queue and one idle taker wakes for it (jnats hands each queued message to exactly one {@code nextMessage}
 * caller). When the takers fall behind, orders wait in that queue up to its pending limits (jnats' defaults, 512 Ki
 * messages or 64 MiB); past them jnats drops new ones and reports a slow consumer to the connection's error
 * listener, and their requesters time out.
 */
final class CoreRouteSubscription implements RouteSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(CoreRouteSubscription.class);
    /** How long an idle taker waits before it looks again whether the route is stopping. */
    private static final Duration TAKE_WAIT = Duration.ofMillis(100);
    /** How often a taker looks again while the drain's flush is under way. */
    private static final long DRAIN_POLL_NANOS = 1_000_000L;

    private final Connection connection;
    private final RoutePipeline pipeline;
    private final OrderCodec codec;
    private final DeadLetters deadLetters;
    private final RouteWorkers workers;
    private volatile Subscription subscription;
    private volatile boolean draining;
    private volatile boolean noMoreComing;

    CoreRouteSubscription(Connection connection, RoutePipeline pipeline, int concurrency, OrderCodec codec,
                          DeadLetters deadLetters) {
        this.connection = connection;
        this.pipeline = pipeline;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.workers = new RouteWorkers(pipeline.route().subject(), concurrency, this::takeAndHandle);
    }

    @Override
    public void start() {
        subscription = connection.subscribe(pipeline.route().subject(), pipeline.route().queueGroup());
        workers.start();
    }

    private boolean takeAndHandle() throws InterruptedException {
        Message message;
        try {
            message = subscription.nextMessage(TAKE_WAIT);
        } catch (IllegalStateException inactive) {
            return false; // drained or unsubscribed
        }
        if (message == null) {
            if (draining && !noMoreComing) {
                // a draining subscription answers at once instead of waiting: don't spin until the drain's flush
                java.util.concurrent.locks.LockSupport.parkNanos(DRAIN_POLL_NANOS);
            }
            return !noMoreComing;
        }
        String replyTo = message.getReplyTo();
        Completion completion = replyTo != null && !replyTo.isEmpty()
                ? new ReplyCompletion(connection, replyTo, codec, correlationOf(message))
                : new PublishCompletion(deadLetters, pipeline.route(), message.getData(), message.getHeaders());
        pipeline.handle(message, completion, 1);
        return true;
    }

    @Override
    public void stopTaking(Duration grace) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            // a drain would wait for a reconnect; nothing more can arrive anyway, so let orders in hand finish
            try {
                subscription.unsubscribe();
            } catch (IllegalStateException alreadyClosed) {
                LOG.debug("{}: subscription already closed", pipeline.route().subject());
            }
            return;
        }
        try {
            draining = true;
            var drained = subscription.drain(grace);
            // the drain flushed the server's unsubscribe: what is pending now is all that will come, so a taker
            // that finds the queue empty can end
            noMoreComing = true;
            drained.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException alreadyClosed) {
            LOG.debug("{}: subscription already closed", pipeline.route().subject());
        } catch (Exception e) {
            LOG.warn("{}: drain did not finish cleanly: {}", pipeline.route().subject(), e.toString());
        }
    }

    @Override
    public void awaitIdle(Duration grace) {
        workers.awaitStopped(grace);
    }

    private static String correlationOf(Message message) {
        var headers = message.getHeaders();
        String id = headers == null ? null : headers.getFirst(MeshHeaders.CORRELATION_ID);
        return id == null ? "" : id;
    }
}
