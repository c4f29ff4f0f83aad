package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.config.Ids;
import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.orders.Route;
import io.nats.client.impl.Headers;
import java.util.concurrent.atomic.AtomicBoolean;

/** A core publish has nobody to answer and no redelivery: a failed one becomes a dead letter, not a silent drop. */
final class PublishCompletion implements Completion {
    private final AtomicBoolean settled = new AtomicBoolean();
    private final DeadLetters deadLetters;
    private final Route route;
    private final byte[] data;
    private final Headers headers;

    PublishCompletion(DeadLetters deadLetters, Route route, byte[] data, Headers headers) {
        this.deadLetters = deadLetters;
        this.route = route;
        this.data = data;
        this.headers = headers;
    }

    @Override
    public boolean complete(Result result) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        if (result.failure() != null) {
            deadLetters.record(route, data, headers, result.failure(), 1, Ids.random());
        }
        return true;
    }
}
