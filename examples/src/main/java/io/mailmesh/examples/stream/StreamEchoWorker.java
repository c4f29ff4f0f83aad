package io.mailmesh.examples.stream;

import io.mailmesh.examples.ExampleRoutes;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.Reply;
import java.util.List;

/** Stream echo: answers each persisted request with a persisted reply, under the request's id. */
public final class StreamEchoWorker implements HandlerSet {
    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(ExampleRoutes.STREAM_ECHO, StreamEcho.KIND, (order, context) -> {
            // the request id is the message id too: a redelivered request publishes a duplicate the stream drops
            context.emitter().publish(ExampleRoutes.STREAM_ECHOED,
                    new StreamEchoed(order.requestId(), "echo: " + order.text()), "echoed-" + order.requestId());
            return Reply.ok("echoed");
        }));
    }
}
