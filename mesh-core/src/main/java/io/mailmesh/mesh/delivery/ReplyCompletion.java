package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.orders.OrderCodec;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers a request with exactly one reply. A success is a bare JSON reply; an error also carries the NATS service
 * error headers and the correlation id, for the requester's logs.
 */
final class ReplyCompletion implements Completion {
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Connection connection;
    private final String replyTo;
    private final OrderCodec codec;
    private final String correlationId;

    ReplyCompletion(Connection connection, String replyTo, OrderCodec codec, String correlationId) {
        this.connection = connection;
        this.replyTo = replyTo;
        this.codec = codec;
        this.correlationId = correlationId;
    }

    @Override
    public boolean complete(Result result) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        if (!result.reply().error()) {
            connection.publish(replyTo, codec.encode(result.reply()));
            return true;
        }
        Headers headers = new Headers();
        headers.put(MeshHeaders.CORRELATION_ID, correlationId);
        headers.put(MeshHeaders.SERVICE_ERROR, result.reply().message());
        headers.put(MeshHeaders.SERVICE_ERROR_CODE,
                String.valueOf(result.failure() == null ? 500 : result.failure().status()));
        connection.publish(replyTo, headers, codec.encode(result.reply()));
        return true;
    }
}
