package io.mailmesh.apiemitter.gateway;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.ApiSettings;
import io.mailmesh.mesh.handler.Lifecycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 001's client-side buffer: accepted messages that could not be published wait here, one file each in
 * {@code GATEWAY_OUTBOX_DIR/outbox}, and are published in order once NATS is back, with their original id (the
 * {@code Nats-Msg-Id}) so JetStream drops a copy that did reach it. Bounded: a full outbox refuses new messages.
 * Entries survive a restart of the gateway, and a crash of the machine: each is synced to disk before the gateway
 * answers.
 */
@Singleton
public final class Outbox implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Path dir;
    private final int max;
    private final Dispatcher dispatcher;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object wakeup = new Object();
    private Thread drainer;

    @Inject
    Outbox(ApiSettings settings, Dispatcher dispatcher) {
        this.dir = settings.outboxDir().resolve("outbox");
        this.max = settings.outboxMax();
        this.dispatcher = dispatcher;
    }

    @Override
    public synchronized void start() throws IOException {
        if (drainer != null) {
            return;
        }
        Files.createDirectories(dir);
        List<Path> pending = pending();
        size.set(pending.size());
        sequence.set(System.currentTimeMillis() * 1000);
        if (!pending.isEmpty()) {
            LOG.info("outbox holds {} messages from a previous run; publishing them when NATS is up", pending.size());
        }
        drainer = new Thread(this::drainLoop, "gateway-outbox");
        drainer.setDaemon(true);
        drainer.start();
    }

    public boolean isEmpty() {
        return size.get() == 0;
    }

    public int size() {
        return size.get();
    }

    /** Keeps {@code entry} until it is published. */
    public void add(AuditEntry entry) throws OutboxFullException {
        if (size.incrementAndGet() > max) {
            size.decrementAndGet();
            throw new OutboxFullException(max);
        }
        Path file = dir.resolve(String.format("%020d", sequence.incrementAndGet()) + ".json");
        try {
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            writeSynced(tmp, entry.toJson().getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        } catch (IOException e) {
            size.decrementAndGet();
            throw new UncheckedIOException("cannot write to the outbox " + dir, e);
        }
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    /**
     * The gateway answers 202 once this returns, so the bytes must be on disk, not in the page cache: a power cut
     * after the answer must not lose the message.
     */
    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes the rename durable too; a file system that cannot sync a folder (not Linux) is left as it is. */
    private void syncDirectory() {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync the outbox folder {}: {}", dir, e.toString());
        }
    }

    private void drainLoop() {
        try {
            while (stopped.getCount() > 0) {
                if (size.get() == 0 || !dispatcher.connected() || !drainOnce()) {
                    synchronized (wakeup) {
                        wakeup.wait(250);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes what it can, in order; false when it stopped at a failure. */
    private boolean drainOnce() {
        List<Path> pending;
        try {
            pending = pending();
        } catch (IOException e) {
            LOG.error("cannot list the outbox {}: {}", dir, e.toString());
            return false;
        }
        int published = 0;
        for (Path file : pending) {
            if (stopped.getCount() == 0) {
                return true;
            }
            AuditEntry entry;
            try {
                entry = AuditEntry.fromJson(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                LOG.error("unreadable outbox entry {} set aside: {}", file, e.getMessage());
                moveAside(file);
                continue;
            }
            try {
                dispatcher.send(entry);
            } catch (IllegalArgumentException e) {
                LOG.error("outbox entry {} can no longer be sent, set aside: {}", file, e.getMessage());
                moveAside(file);
                continue;
            } catch (RuntimeException e) {
                LOG.debug("outbox publish failed, will retry: {}", e.getMessage());
                if (published > 0) {
                    LOG.info("outbox: {} messages published, {} still waiting", published, size.get());
                }
                return false;
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete published outbox entry {}: {}", file, e.toString());
            }
            size.decrementAndGet();
            published++;
        }
        if (published > 0) {
            LOG.info("outbox: {} messages published after NATS came back", published);
        }
        return true;
    }

    private void moveAside(Path file) {
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".bad"));
            size.decrementAndGet();
        } catch (IOException e) {
            LOG.error("cannot move {} aside: {}", file, e.toString());
        }
    }

    private List<Path> pending() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        stopped.countDown();
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        if (drainer != null) {
            drainer.join(5_000);
        }
        if (size.get() > 0) {
            LOG.warn("stopping with {} messages in the outbox {}; they are published at the next start",
                    size.get(), dir);
        }
    }
}
