package io.mailmesh.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.mailmesh.examples.cache.CachedEcho;
import io.mailmesh.examples.cache.CachingEcho;
import io.mailmesh.mesh.emit.OrderEmitter;
import io.mailmesh.mesh.runtime.MeshApp;
import io.mailmesh.mesh.runtime.MeshRuntime;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.mailmesh.orders.Reply;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CachingEchoTest {
    @RegisterExtension
    static NatsServerExtension nats = NatsServerExtension.withOperatorAuth();

    @Test
    void givenAnAnswer_whenAskedAgainWithin5s_thenItComesFromTheCache_andAfter5sItIsComputedAgain()
            throws Exception {
        AtomicLong now = new AtomicLong();
        Ticker clock = now::get;
        AtomicInteger computed = new AtomicInteger();
        CachingEcho echo = new CachingEcho(clock, (order, context) -> {
            computed.incrementAndGet();
            return Reply.ok("echo #" + computed.get() + ": " + order.text());
        });
        try (MeshRuntime worker = MeshApp.start(Clients.config(ExampleRoutes.ECHO_WORKER, nats, true),
                Worker.of(echo));
             MeshRuntime client = MeshApp.start(Clients.config(ExampleRoutes.ECHO_CLIENT, nats, true))) {
            OrderEmitter emitter = client.get(OrderEmitter.class);

            Reply first = emitter.request(ExampleRoutes.CACHED_ECHO, new CachedEcho("q"), Duration.ofSeconds(5));
            now.addAndGet(Duration.ofMillis(4_999).toNanos());
            Reply second = emitter.request(ExampleRoutes.CACHED_ECHO, new CachedEcho("q"), Duration.ofSeconds(5));

            assertThat(second).isEqualTo(first);
            assertThat(computed).hasValue(1);

            now.addAndGet(Duration.ofMillis(2).toNanos());
            Reply third = emitter.request(ExampleRoutes.CACHED_ECHO, new CachedEcho("q"), Duration.ofSeconds(5));

            assertThat(third.message()).isEqualTo("echo #2: q");
            assertThat(computed).hasValue(2);
        }
    }
}
