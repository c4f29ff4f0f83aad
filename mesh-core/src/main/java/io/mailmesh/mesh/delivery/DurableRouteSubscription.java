package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.mesh.middleware.MetricTags;
import io.mailmesh.mesh.middleware.Result;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls a route's orders from its durable consumer and hands each to the route's pool ({@link RouteRunner}); every order is acked,
 * retried or dead-lettered by its completion, and kept with in-progress acks while its handler runs. Once stopping,
 * orders still arriving are given back at once. An order delivered more than {@code maxDeliveries} times (its earlier
 * deliveries ended without an outcome) is dead-lettered before its handler runs.
 */
final class DurableRouteSubscription implements RouteSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(DurableRouteSubscription.class);

    private final Connection connection;
    private final RouteRunner runner;
    private final DeadLetters deadLetters;
    private final int maxDeliveries;
    private final Backoff backoff;
    private final int batchSize;
    private final List<MessageConsumer> consumers = new ArrayList<>();
    private final Set<Message> inHand = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "in-progress-acks");
        t.setDaemon(true);
        return t;
    });
    private final List<Dispatcher> dispatchers = new ArrayList<>();
    private volatile boolean stopping;
    private ConsumerPending pending;

    DurableRouteSubscription(Connection connection, RouteRunner runner, DeadLetters deadLetters, int maxDeliveries,
                             Backoff backoff, int batchSize) {
        this.connection = connection;
        this.runner = runner;
        this.deadLetters = deadLetters;
        this.maxDeliveries = maxDeliveries;
        this.backoff = backoff;
        this.batchSize = batchSize;
    }

    @Override
    public void start() throws Exception {
        String consumerName = DurableTopology.consumerName(runner.route());
        ConsumerContext context = connection.getStreamContext(DurableTopology.streamOf(runner.route()))
                .getConsumerContext(consumerName);
        pending = new ConsumerPending(deadLetters.registry(), runner.route().subject(), consumerName);
        if (context.getCachedConsumerInfo() != null) { // read when the context was made: no extra request
            pending.set(context.getCachedConsumerInfo().getNumPending());
        }
        // short pulls: after a server restart a puller notices the lost pull (and pulls again) within seconds
        ConsumeOptions options = ConsumeOptions.builder().batchSize(batchSize).expiresIn(5_000).build();
        Dispatcher dispatcher = connection.createDispatcher();
        dispatchers.add(dispatcher);
        consumers.add(context.consume(options, dispatcher, this::onMessage));
        long every = DurableTopology.ACK_WAIT.toMillis() / 3;
        heartbeat.scheduleWithFixedDelay(this::keepInHand, every, every, TimeUnit.MILLISECONDS);
    }

    /** Tells the server the orders still being handled are not lost, so a long handler is not redelivered. */
    private void keepInHand() {
        for (Message message : inHand) {
            try {
                message.inProgress();
            } catch (RuntimeException e) {
                LOG.debug("{}: in-progress ack failed: {}", runner.route().subject(), e.toString());
            }
        }
    }

    private void onMessage(Message message) {
        pending.update(message);
        long deliveries = message.metaData().deliveredCount();
        JetStreamCompletion completion = new JetStreamCompletion(message, runner.route(), deliveries, maxDeliveries,
                backoff, deadLetters, () -> inHand.remove(message));
        if (stopping) {
            completion.release();
            return;
        }
        if (deliveries > maxDeliveries) {
            // earlier deliveries ended without an outcome (the worker crashed or was killed mid-order): the
            // handler is not run again on an order that may be what crashes it
            completion.complete(Result.failed(new Failure(ErrorCode.MAX_DELIVERIES.code(), "delivered " + deliveries
                    + " times, more than MESH_MAX_DELIVERIES (" + maxDeliveries + "); the earlier attempts ended"
                    + " without an outcome", false, 500, null), MetricTags.UNKNOWN));
            return;
        }
        inHand.add(message);
        runner.accept(message, completion, (int) deliveries);
    }

    @Override
    public void stopTaking(Duration grace) {
        stopping = true;
        for (MessageConsumer consumer : consumers) {
            try {
                consumer.stop();
            } catch (RuntimeException e) {
                LOG.warn("{}: consumer did not stop cleanly: {}", runner.route().subject(), e.toString());
            }
        }
        heartbeat.shutdownNow();
    }

    @Override
    public void awaitIdle(Duration grace) {
        runner.awaitIdle(grace);
    }
}
