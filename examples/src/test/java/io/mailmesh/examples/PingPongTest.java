package io.mailmesh.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.examples.pingpong.PingPlayer;
import io.mailmesh.examples.pingpong.PongPlayer;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PingPongTest {
    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();

    @Test
    void givenTwoPlayers_whenTheyRally50Balls_thenEveryBallComesBackInOrder() throws Exception {
        try (MeshRuntime pong = MeshApp.start(Clients.config(ExampleRoutes.PONG_PLAYER, nats, true),
                Worker.of(new PongPlayer()));
             MeshRuntime ping = MeshApp.start(Clients.config(ExampleRoutes.PING_PLAYER, nats, true))) {

            List<Integer> returned = new PingPlayer(ping.get(OrderEmitter.class)).play(50);

            assertThat(returned).containsExactlyElementsOf(IntStream.range(0, 50).map(i -> 2 * i + 1).boxed()
                    .toList());
        }
    }
}
