package io.mailmesh.mesh.store.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mailmesh.mesh.store.StoreException;
import io.mailmesh.mesh.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A listing of a bucket's keys is whole, or it fails: never a short list given as if it were all. */
class KvListingTest {
    private static final int KEYS = 30_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than the request timeout, so a reader that gives up on a gap that long would. */
    private static final Duration FREEZE = Duration.ofSeconds(3);

    @RegisterExtension
    static NatsServerExtension nats = new NatsServerExtension();

    @Test
    void aListingDuringWhichTheServerStallsHasEveryKeyOrFailsButIsNeverShort() throws Exception {
        // given a bucket of 30,000 keys, opened with JetStream requests that time out after 2 s
        try (Connection connection = Nats.connect(nats.url())) {
            connection.keyValueManagement().create(KeyValueConfiguration.builder().name("listing").build());
            KeyValue bucket = connection.keyValue("listing", KeyValueOptions.builder().jetStreamOptions(
                    JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT).build()).build());
            JetStream js = connection.jetStream();
            fill(js, "listing");
            Kv kv = new Kv("listing", () -> bucket, js);
            // and how long a listing takes when nothing stalls (the first one warms up)
            assertThat(kv.keys(">")).hasSize(KEYS);
            long started = System.nanoTime();
            assertThat(kv.keys(">")).hasSize(KEYS);
            Duration unstalled = Duration.ofNanos(System.nanoTime() - started);

            // when the server freezes for 3 s a third of the way through another listing
            AtomicReference<CompletableFuture<Void>> resumed = new AtomicReference<>();
            CompletableFuture<Void> freezer = CompletableFuture.runAsync(() -> resumed.set(nats.server()
                    .freezeFor(FREEZE)), CompletableFuture.delayedExecutor(unstalled.toMillis() / 3,
                    TimeUnit.MILLISECONDS));
            AtomicReference<List<String>> listed = new AtomicReference<>();
            Throwable failure = catchThrowable(() -> listed.set(kv.keys(">")));
            freezer.join();
            resumed.get().join();

            // then it has every key once, or it failed saying why (a freeze during one of its requests)
            if (failure == null) {
                assertThat(listed.get()).hasSize(KEYS).doesNotHaveDuplicates();
            } else {
                assertThat(failure).isInstanceOf(StoreException.class).hasMessageContaining("list");
            }
        }
    }

    private static void fill(JetStream js, String bucket) {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        IntStream.range(0, KEYS).forEach(i -> {
            acks.add(js.publishAsync("$KV." + bucket + ".key" + i, new byte[] {1}));
            if (acks.size() == 1_000) {
                acks.forEach(CompletableFuture::join);
                acks.clear();
            }
        });
        acks.forEach(CompletableFuture::join);
    }
}
