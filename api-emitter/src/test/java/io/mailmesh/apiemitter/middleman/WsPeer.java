package io.mailmesh.apiemitter.middleman;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A middleman peer over the JDK's WebSocket client: every text frame received is queued; the close is recorded. */
final class WsPeer implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    final WebSocket socket;

    private WsPeer(int port, boolean reading) {
        this.reading = reading;
        this.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                + MiddlemanRoutes.PATH), this).join();
    }

    /** Connects without sending a key. */
    static WsPeer open(int port) {
        return new WsPeer(port, true);
    }

    /** Connects, sends {@code key} and expects {@code MM OK}. */
    static WsPeer login(int port, String key) throws InterruptedException {
        WsPeer peer = new WsPeer(port, true);
        peer.send(key);
        peer.expect("MM OK");
        return peer;
    }

    /** A peer that never reads what it is sent (a slow consumer). */
    static WsPeer loginNotReading(int port, String key) {
        WsPeer peer = new WsPeer(port, false);
        peer.send(key);
        return peer;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    String next() throws InterruptedException {
        String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + WAIT + (closed.isDone() ? "; closed: " + closed.join()
                    : ""));
        }
        return frame;
    }

    void expect(String frame) throws InterruptedException {
        String got = next();
        if (!got.equals(frame)) {
            throw new AssertionError("expected " + frame + " but got " + got);
        }
    }

    /** Nothing arrives for a short while (used only to assert an absence, never to wait for something). */
    String poll(Duration within) throws InterruptedException {
        return frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A round trip to the server: an UNSUB of a target never subscribed answers an error frame, and frames are
     * carried out in order, so everything sent before is done.
     */
    void sync() throws InterruptedException {
        send("UNSUB sync.barrier");
        String frame = next();
        if (!frame.startsWith("ERR sync.barrier\nCode:not_subscribed")) {
            throw new AssertionError("expected the barrier's error frame but got " + frame);
        }
    }

    String awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(Long.MAX_VALUE);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
