package io.mailmesh.examples.pingpong;

import io.mailmesh.examples.ExampleRoutes;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.emit.RequestUnansweredException;
import io.mailmesh.orders.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The ping side: serves {@code rally} balls in turn, each only once the previous one came back. */
public final class PingPlayer {
    private final OrderEmitter emitter;

    public PingPlayer(OrderEmitter emitter) {
        this.emitter = emitter;
    }

    /** Plays {@code rally} exchanges; returns the counts the pong player sent back, in the order they came. */
    public List<Integer> play(int rally) throws RequestUnansweredException {
        List<Integer> returned = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < rally; i++) {
            Reply pong = emitter.request(ExampleRoutes.PING_PONG, new Ping(String.valueOf(count)),
                    Duration.ofSeconds(5));
            if (pong.error()) {
                throw new IllegalStateException("pong player refused the ball: " + pong.message());
            }
            count = Integer.parseInt(pong.field("count")) + 1;
            returned.add(count - 1);
        }
        return returned;
    }
}
