package io.mailmesh.examples.pingpong;

import io.mailmesh.examples.ExampleRoutes;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.orders.Reply;
import java.util.List;
import java.util.Map;

/** The pong side of ping-pong: returns each ball with the count one higher. */
public final class PongPlayer implements HandlerSet {
    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(ExampleRoutes.PING_PONG, Ping.KIND, (ping, context) -> {
            if (!ping.count().matches("\\d{1,9}")) {
                throw OrderFailedException.rejected("bad_count", "count must be a number of at most 9 digits");
            }
            String next = String.valueOf(Integer.parseInt(ping.count()) + 1);
            return Reply.ok("pong", Map.of("count", next));
        }));
    }
}
