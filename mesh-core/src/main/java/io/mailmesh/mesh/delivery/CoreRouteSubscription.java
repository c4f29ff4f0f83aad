package io.mailmesh.mesh.delivery;

import io.mailmesh.orders.OrderCodec;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A core NATS queue subscription: requests are answered with a reply, publishes (twitter_dm's sync, or any pub/sub
 * route in core mode) end in a dead letter when they fail.
 */
final class CoreRouteSubscription implements RouteSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(CoreRouteSubscription.class);

    private final Connection connection;
    private final RouteRunner runner;
    private final OrderCodec codec;
    private final DeadLetters deadLetters;
    private Dispatcher dispatcher;
    private Subscription subscription;

    CoreRouteSubscription(Connection connection, RouteRunner runner, OrderCodec codec, DeadLetters deadLetters) {
        this.connection = connection;
        this.runner = runner;
        this.codec = codec;
        this.deadLetters = deadLetters;
    }

    @Override
    public void start() {
        dispatcher = connection.createDispatcher();
        subscription = dispatcher.subscribe(runner.route().subject(), runner.route().queueGroup(), this::onMessage);
    }

    private void onMessage(Message message) {
        String replyTo = message.getReplyTo();
        var completion = replyTo != null && !replyTo.isEmpty()
                ? new ReplyCompletion(connection, replyTo, codec, correlationOf(message))
                : new PublishCompletion(deadLetters, runner.route(), message.getData(), message.getHeaders());
        runner.accept(message, completion, 1);
    }

    @Override
    public void stopTaking(Duration grace) {
        if (subscription == null) {
            return;
        }
        try {
            subscription.drain(grace).get();
        } catch (Exception e) {
            LOG.warn("{}: drain did not finish cleanly: {}", runner.route().subject(), e.toString());
        }
        connection.closeDispatcher(dispatcher);
    }

    private static String correlationOf(Message message) {
        var headers = message.getHeaders();
        String id = headers == null ? null : headers.getFirst(io.mailmesh.mesh.emit.MeshHeaders.CORRELATION_ID);
        return id == null ? "" : id;
    }
}
