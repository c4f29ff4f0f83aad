package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.orders.OrderCodec;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A core NATS queue subscription handing each order to the route's pool: requests are answered with a reply, publishes (twitter_dm's
 * sync, or any pub/sub route in core mode) end in a dead letter when they fail.
 */
final class CoreRouteSubscription implements RouteSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(CoreRouteSubscription.class);

    private final Connection connection;
    private final RouteRunner runner;
    private final OrderCodec codec;
    private final DeadLetters deadLetters;
    private final List<Dispatcher> dispatchers = new ArrayList<>();

    CoreRouteSubscription(Connection connection, RouteRunner runner, OrderCodec codec, DeadLetters deadLetters) {
        this.connection = connection;
        this.runner = runner;
        this.codec = codec;
        this.deadLetters = deadLetters;
    }

    @Override
    public void start() {
        Dispatcher dispatcher = connection.createDispatcher(this::onMessage);
        dispatcher.subscribe(runner.route().subject(), runner.route().queueGroup());
        dispatchers.add(dispatcher);
    }

    private void onMessage(Message message) {
        String replyTo = message.getReplyTo();
        Completion completion = replyTo != null && !replyTo.isEmpty()
                ? new ReplyCompletion(connection, replyTo, codec, correlationOf(message))
                : new PublishCompletion(deadLetters, runner.route(), message.getData(), message.getHeaders());
        runner.accept(message, completion, 1);
    }

    @Override
    public void stopTaking(Duration grace) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            // a drain would wait for a reconnect; nothing more can arrive anyway, so let orders in hand finish
            dispatchers.forEach(connection::closeDispatcher);
            return;
        }
        List<CompletableFuture<Boolean>> drains = new ArrayList<>();
        for (Dispatcher dispatcher : dispatchers) {
            try {
                drains.add(dispatcher.drain(grace));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IllegalStateException alreadyClosed) {
                LOG.debug("{}: dispatcher already closed", runner.route().subject());
            }
        }
        try {
            CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)).get();
        } catch (Exception e) {
            LOG.warn("{}: drain did not finish cleanly: {}", runner.route().subject(), e.toString());
        }
    }

    private static String correlationOf(Message message) {
        var headers = message.getHeaders();
        String id = headers == null ? null : headers.getFirst(MeshHeaders.CORRELATION_ID);
        return id == null ? "" : id;
    }
}
