package io.mailmesh.examples.stream;

import io.mailmesh.examples.ExampleRoutes;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.PublishFailedException;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stream echo client: sends each request durably, keeping it in its {@link Outbox} while NATS is down, and
 * takes the persisted replies from its own durable route.
 */
public final class StreamEchoClient implements HandlerSet {
    private final Outbox outbox;
    private final Consumer<StreamEchoed> replies;
    private volatile OrderEmitter emitter;

    public StreamEchoClient(Path outboxDir, Consumer<StreamEchoed> replies) {
        this.outbox = new Outbox(outboxDir, ExampleRoutes.STREAM_ECHO);
        this.replies = replies;
    }

    /** The client's emitter, once its runtime runs. */
    public void connect(OrderEmitter newEmitter) {
        this.emitter = newEmitter;
    }

    /** Sends a request; returns false when NATS could not take it and it waits in the outbox. */
    public boolean send(String requestId, String text) {
        StreamEcho request = new StreamEcho(requestId, text);
        try {
            emitter.publish(ExampleRoutes.STREAM_ECHO, request, requestId);
            return true;
        } catch (PublishFailedException | IllegalStateException e) {
            outbox.keep(requestId, request);
            return false;
        }
    }

    /** Sends what waits in the outbox; returns how many, or -1 while NATS still refuses. */
    public int flushOutbox() {
        try {
            return outbox.flush((id, order) -> emitter.publish(ExampleRoutes.STREAM_ECHO, order, id));
        } catch (PublishFailedException | IllegalStateException e) {
            return -1;
        }
    }

    public int waiting() {
        return outbox.size();
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(ExampleRoutes.STREAM_ECHOED, StreamEchoed.KIND, (reply, context) -> {
            replies.accept(reply);
            return Reply.ok("received");
        }));
    }
}
