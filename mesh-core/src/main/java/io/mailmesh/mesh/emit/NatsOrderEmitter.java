package io.mailmesh.mesh.emit;

import io.mailmesh.mesh.config.DeliveryMode;
import io.mailmesh.mesh.config.Ids;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.mailmesh.orders.Route;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The emitter on a live connection. Durable routes are published through JetStream and wait for the stream's
 * acknowledgement; everything else is core NATS.
 */
public final class NatsOrderEmitter implements OrderEmitter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NatsOrderEmitter.class);
    private static final int PUBLISH_ATTEMPTS = 3;
    /**
     * How long a durable publish keeps retrying (at least {@value #PUBLISH_ATTEMPTS} attempts): on a cluster, a
     * lost node's streams elect new leaders within seconds, and the publish lands once they have.
     */
    static final Duration PUBLISH_RETRY_BUDGET = Duration.ofSeconds(10);
    private final Connection connection;
    private final JetStream jetStream;
    private final DeliveryMode delivery;
    private final OrderCodec codec;
    private final String correlationId;

    public NatsOrderEmitter(Connection connection, DeliveryMode delivery, OrderCodec codec) {
        this(connection, delivery, codec, null);
    }

    private NatsOrderEmitter(Connection connection, DeliveryMode delivery, OrderCodec codec, String correlationId) {
        this.connection = connection;
        this.delivery = delivery;
        this.codec = codec;
        this.correlationId = correlationId;
        this.jetStream = delivery == DeliveryMode.DURABLE ? jetStream(connection) : null;
    }

    private NatsOrderEmitter(NatsOrderEmitter parent, String correlationId) {
        this.connection = parent.connection;
        this.jetStream = parent.jetStream;
        this.delivery = parent.delivery;
        this.codec = parent.codec;
        this.correlationId = correlationId;
    }

    @Override
    public void publish(Route route, Order order) {
        publish(route, order, Ids.random());
    }

    @Override
    public void publish(Route route, Order order, String messageId) {
        if (route.isRequestReply()) {
            throw new IllegalArgumentException(route.subject() + " is request/reply: use request()");
        }
        requireAccepted(route, order);
        Headers headers = headers(messageId);
        byte[] data = codec.encode(order);
        if (jetStream == null || !route.isPublishOnly()) {
            try {
                connection.publish(route.subject(), headers, data);
                return;
            } catch (IllegalStateException e) {
                throw new PublishFailedException("could not publish " + order.kind() + " on " + route.subject() + ": "
                        + e.getMessage(), e);
            }
        }
        publishDurably(route, order, messageId, headers, data);
    }

    /**
     * A JetStream publish, retried on a passing error for up to {@link #PUBLISH_RETRY_BUDGET}: the message id makes
     * a retry of a publish that did land (its ack lost with a node) a duplicate the stream drops.
     */
    private void publishDurably(Route route, Order order, String messageId, Headers headers, byte[] data) {
        Exception last = null;
        long giveUpAt = System.nanoTime() + PUBLISH_RETRY_BUDGET.toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                jetStream.publish(route.subject(), headers, data, PublishOptions.builder().messageId(messageId).build());
                return;
            } catch (JetStreamApiException e) {
                if (isStreamFull(e)) {
                    throw new PublishFailedException("the orders stream is full: " + order.kind() + " on "
                            + route.subject() + " refused (" + describe(e) + ")", e, true);
                }
                last = e;
            } catch (IOException | IllegalStateException e) {
                last = e;
            }
            if (attempt >= PUBLISH_ATTEMPTS && System.nanoTime() >= giveUpAt) {
                break;
            }
            LOG.warn("publish of {} on {} failed ({}), retrying with the same message id", order.kind(),
                    route.subject(), describe(last));
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(Math.min(1_000, 50L << attempt))
                    .toNanos()); // a retry delay, not a synchronisation
        }
        throw new PublishFailedException("could not publish " + order.kind() + " on " + route.subject() + " after "
                + attempt + " attempts: " + describe(last), last);
    }

    /**
     * The server's answer to a publish into a stream at its byte or message limit with discard policy New: a
     * store failure (10077) whose description names the limit.
     */
    static boolean isStreamFull(JetStreamApiException e) {
        String description = String.valueOf(e.getErrorDescription());
        return e.getApiErrorCode() == 10077 && description.startsWith("maximum ");
    }

    private static String describe(Exception e) {
        return e instanceof JetStreamApiException api
                ? api.getMessage() + " (code " + api.getErrorCode() + ", api code " + api.getApiErrorCode() + ")"
                : e.toString();
    }

    @Override
    public Reply request(Route route, Order order, Duration timeout) throws RequestUnansweredException {
        try {
            return requestAsync(route, order, timeout).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RequestUnansweredException unanswered) {
                throw unanswered;
            }
            throw e;
        }
    }

    @Override
    public CompletableFuture<Reply> requestAsync(Route route, Order order, Duration timeout) {
        return requestAsync(route, order, timeout, Ids.random());
    }

    @Override
    public CompletableFuture<Reply> requestAsync(Route route, Order order, Duration timeout, String messageId) {
        if (route.isPublishOnly()) {
            throw new IllegalArgumentException(route.subject() + " is pub/sub: use publish()");
        }
        requireAccepted(route, order);
        Message request = NatsMessage.builder().subject(route.subject()).headers(headers(messageId))
                .data(codec.encode(order)).build();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        connection.requestWithTimeout(request, timeout).whenComplete((message, error) -> {
            if (error == null) {
                reply.complete(codec.decodeReply(message.getData()));
            } else {
                reply.completeExceptionally(unanswered(route, timeout, error));
            }
        });
        return reply;
    }

    @Override
    public OrderEmitter withCorrelationId(String newCorrelationId) {
        return new NatsOrderEmitter(this, newCorrelationId);
    }

    private Headers headers(String messageId) {
        Headers headers = new Headers();
        HeaderValues.put(headers, MeshHeaders.MSG_ID, messageId);
        HeaderValues.put(headers, MeshHeaders.CORRELATION_ID, correlationId == null ? messageId : correlationId);
        return headers;
    }

    private static void requireAccepted(Route route, Order order) {
        if (!route.accepts(order.kind())) {
            throw new IllegalArgumentException(route.subject() + " does not accept " + order.kind());
        }
    }

    private static Throwable unanswered(Route route, Duration timeout, Throwable error) {
        Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
                ? error.getCause() : error;
        if (cause instanceof JetStreamStatusException status && status.getStatus() != null
                && status.getStatus().getCode() == 503) {
            return new RequestUnansweredException(RequestUnansweredException.Reason.NO_RESPONDERS,
                    "no worker listens on " + route.subject());
        }
        if (cause instanceof CancellationException || cause instanceof TimeoutException) {
            return new RequestUnansweredException(RequestUnansweredException.Reason.TIMEOUT,
                    "no reply on " + route.subject() + " within " + timeout.toMillis() + " ms");
        }
        return new RequestUnansweredException(RequestUnansweredException.Reason.TIMEOUT,
                "request on " + route.subject() + " failed: " + cause);
    }

    private static JetStream jetStream(Connection connection) {
        try {
            return connection.jetStream();
        } catch (IOException e) {
            throw new PublishFailedException("JetStream is not available", e);
        }
    }
}
