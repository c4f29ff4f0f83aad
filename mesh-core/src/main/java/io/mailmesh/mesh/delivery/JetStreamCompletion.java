package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.mesh.middleware.Failure;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.orders.Route;
import io.nats.client.Message;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a durable order: ack on success; on a retryable failure nak with a growing delay; once the deliveries are
 * spent, or at once for a rejected order, record a dead letter and terminate it. A dead letter that cannot be
 * recorded is nak'd instead, so nothing is lost.
 */
final class JetStreamCompletion implements Completion {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamCompletion.class);

    private final AtomicBoolean settled = new AtomicBoolean();
    private final Message message;
    private final Route route;
    private final long deliveries;
    private final int maxDeliveries;
    private final Backoff backoff;
    private final DeadLetters deadLetters;
    private final Runnable onSettled;

    JetStreamCompletion(Message message, Route route, long deliveries, int maxDeliveries, Backoff backoff,
                        DeadLetters deadLetters, Runnable onSettled) {
        this.message = message;
        this.route = route;
        this.deliveries = deliveries;
        this.maxDeliveries = maxDeliveries;
        this.backoff = backoff;
        this.deadLetters = deadLetters;
        this.onSettled = onSettled;
    }

    @Override
    public boolean complete(Result result) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        onSettled.run();
        try {
            settle(result.failure());
        } catch (RuntimeException e) {
            // the connection is closing: the server redelivers the order after its ack wait, nothing is lost
            LOG.warn("{}: could not settle order {}: {}", route.subject(), streamSequence(), e.toString());
        }
        return true;
    }

    private void settle(Failure failure) {
        if (failure == null) {
            message.ack();
        } else if (failure.retryable() && deliveries < maxDeliveries) {
            message.nakWithDelay(backoff.delayAfter(deliveries));
        } else if (deadLetters.record(route, message.getData(), message.getHeaders(), failure, deliveries,
                "dl-" + route.subject() + "-" + streamSequence())) {
            message.term();
        } else {
            message.nakWithDelay(backoff.max());
        }
    }

    private long streamSequence() {
        return message.metaData().streamSequence();
    }

    /** Gives the order back at once, for a worker that is stopping before it started on it. */
    void release() {
        if (settled.compareAndSet(false, true)) {
            onSettled.run();
            message.nak();
        }
    }
}
