package io.mailmesh.mesh.delivery;

import io.mailmesh.mesh.errors.ErrorCode;
import io.mailmesh.mesh.emit.HeaderValues;
import io.mailmesh.mesh.emit.MeshHeaders;
import io.mailmesh.mesh.middleware.Completion;
import io.mailmesh.mesh.middleware.Result;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Reply;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request with exactly one reply. A success is a bare JSON reply; an error also carries the NATS service
 * error headers (made safe by {@link HeaderValues}: the JSON keeps the full message) and the correlation id, for
 * the requester's logs. A reply that cannot be written as it is (too large for the server, say) is replaced by a
 * minimal error reply with the same code, so the requester is still answered.
 */
final class ReplyCompletion implements Completion {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyCompletion.class);
    /** Room the fallback keeps of the original message: enough to recognise it, small enough to always fit. */
    private static final int FALLBACK_MESSAGE_CHARS = 256;

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
        try {
            send(result);
        } catch (RuntimeException e) {
            // jnats checks headers and size before sending, so nothing left: answer with what surely fits
            LOG.warn("reply to {} could not be written ({}); sending a minimal error reply", replyTo, e.toString());
            sendMinimal(result);
        }
        return true;
    }

    private void send(Result result) {
        if (!result.reply().error()) {
            connection.publish(replyTo, codec.encode(result.reply()));
            return;
        }
        Headers headers = new Headers();
        HeaderValues.put(headers, MeshHeaders.CORRELATION_ID, correlationId);
        HeaderValues.put(headers, MeshHeaders.SERVICE_ERROR, result.reply().message());
        HeaderValues.put(headers, MeshHeaders.SERVICE_ERROR_CODE, String.valueOf(status(result)));
        connection.publish(replyTo, headers, codec.encode(result.reply()));
    }

    private void sendMinimal(Result result) {
        Reply original = result.reply();
        String code = original.error() ? original.code() : ErrorCode.REPLY_NOT_SENT.code();
        String message = original.message().length() <= FALLBACK_MESSAGE_CHARS ? original.message()
                : original.message().substring(0, FALLBACK_MESSAGE_CHARS) + "...";
        Reply minimal = Reply.failure(code, original.error() ? message
                : "the worker handled the order but its reply could not be sent");
        Headers headers = new Headers();
        headers.put(MeshHeaders.SERVICE_ERROR_CODE, String.valueOf(status(result)));
        try {
            connection.publish(replyTo, headers, codec.encode(minimal));
        } catch (RuntimeException e) {
            LOG.error("the minimal reply to {} could not be sent either: {}", replyTo, e.toString());
        }
    }

    private static int status(Result result) {
        return result.failure() == null ? 500 : result.failure().status();
    }
}
