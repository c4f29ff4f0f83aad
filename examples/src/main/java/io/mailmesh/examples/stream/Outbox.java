package io.mailmesh.examples.stream;

import io.mailmesh.orders.InvalidOrderException;
import io.mailmesh.orders.Order;
import io.mailmesh.orders.OrderCodec;
import io.mailmesh.orders.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The client-side outbox: an order that could not be published (NATS down) is written to a folder, one file per
 * order named by its message id, and published again by {@link #flush}. The same message id makes a publish that
 * did land before the failure a duplicate the stream drops.
 */
public final class Outbox {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Outbox.class);
    private final Path dir;
    private final Route route;
    private final OrderCodec codec = new OrderCodec();

    public Outbox(Path dir, Route route) {
        this.dir = dir;
        this.route = route;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox " + dir, e);
        }
    }

    /** Keeps an order for later; written to a temporary name first, so a crash never leaves half an order. */
    public void keep(String messageId, Order order) {
        try {
            Path part = dir.resolve(messageId + ".part");
            Files.write(part, codec.encode(order));
            Files.move(part, dir.resolve(messageId + ".json"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep order " + messageId + " in the outbox", e);
        }
    }

    public int size() {
        return pending().size();
    }

    /**
     * Publishes every kept order; one that fails again stays for the next flush. A file that no longer decodes
     * (edited, truncated by a full disk) is set aside as {@code <id>.rejected} with the reason logged, so it
     * neither blocks the others nor is lost. Returns how many were sent.
     */
    public int flush(BiConsumer<String, Order> publish) {
        int sent = 0;
        for (Path file : pending()) {
            String messageId = file.getFileName().toString().replaceFirst("\\.json$", "");
            Order order;
            try {
                order = codec.decode(route, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (InvalidOrderException e) {
                setAside(file, messageId, e);
                continue;
            }
            publish.accept(messageId, order); // throws while NATS is still down: the file stays
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("sent, but cannot remove " + file, e);
            }
            sent++;
        }
        return sent;
    }

    private void setAside(Path file, String messageId, InvalidOrderException why) {
        try {
            Files.move(file, dir.resolve(messageId + ".rejected"), StandardCopyOption.ATOMIC_MOVE);
            LOG.error("outbox order {} no longer decodes, set aside as {}.rejected: {}", messageId, messageId,
                    why.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside " + file, e);
        }
    }

    /** Orders set aside because they no longer decode. */
    public long rejected() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".rejected")).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox " + dir, e);
        }
    }

    private List<Path> pending() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the outbox " + dir, e);
        }
    }
}
