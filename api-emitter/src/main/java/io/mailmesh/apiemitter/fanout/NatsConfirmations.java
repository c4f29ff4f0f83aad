package io.mailmesh.apiemitter.fanout;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tells when the NATS server has seen the subscriptions queued so far, so a client's {@code debug!subscribed}
 * means an announce made anywhere from then on reaches it. One PING/PONG round trip confirms every subscription
 * queued before it: waiting clients share it, and the flush runs on a thread of its own, never on an event loop.
 */
final class NatsConfirmations implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final Connection nats;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fanout-nats-flush");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Void> next;

    NatsConfirmations(Connection nats) {
        this.nats = nats;
    }

    /** Completes once the server has processed everything this connection queued before the call. */
    synchronized CompletableFuture<Void> afterPending() {
        if (next == null) {
            CompletableFuture<Void> round = new CompletableFuture<>();
            next = round;
            flusher.execute(() -> flush(round));
        }
        return next;
    }

    private void flush(CompletableFuture<Void> round) {
        synchronized (this) {
            next = null; // whatever is queued from now on waits for the next round
        }
        try {
            nats.flush(TIMEOUT);
            round.complete(null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            round.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}
