package io.mailmesh.apiemitter.replay;

import io.mailmesh.apiemitter.gateway.AuditEntry;
import io.mailmesh.apiemitter.gateway.Dispatcher;
import io.mailmesh.orders.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the audit log and republishes the selected entries with their original ids, one after the other: a
 * publish waits for its PubAck, a request for its reply (or its timeout), so the counts are what NATS took.
 */
public final class Replayer {
    private static final int PAGE = 1_000;

    private final AuditSource audit;
    private final Dispatcher dispatcher;
    private final Duration replyTimeout;

    /** The audit log, read in pages. */
    @FunctionalInterface
    public interface AuditSource {
        /** Raw entries from index {@code start}, at most {@code count}; fewer at the end of the log. */
        List<String> range(long start, int count);
    }

    /** Where to start (a time or an id, inclusive) and which topic, null for all. */
    public record Selection(Instant fromTime, String fromId, String topic) {
    }

    /**
     * What a replay did.
     *
     * @param scanned  audit lines read
     * @param selected entries matching the selection
     * @param replayed entries NATS took (a request: answered by a worker, even with an error reply)
     * @param skipped  lines that are not audit entries
     * @param failed   selected entries NATS refused or no worker answered
     */
    public record Result(long scanned, long selected, long replayed, long skipped, long failed) {
    }

    /** Told about each selected entry as it is done. */
    public interface Progress {
        void update(long done, long total);

        /** An entry that failed, or whose request was answered with an error. */
        void problem(AuditEntry entry, String what);
    }

    /** {@code --from-id} names no entry of the log. */
    public static final class UnknownIdException extends Exception {
        UnknownIdException(String id) {
            super("no audit entry has the id " + id, null, false, false);
        }
    }

    public Replayer(AuditSource audit, Dispatcher dispatcher, Duration replyTimeout) {
        this.audit = audit;
        this.dispatcher = dispatcher;
        this.replyTimeout = replyTimeout;
    }

    public Result replay(Selection selection, Progress progress) throws UnknownIdException, InterruptedException {
        List<AuditEntry> selected = new ArrayList<>();
        long scanned = 0;
        long skipped = 0;
        boolean started = selection.fromId() == null;
        for (long index = 0; ; index += PAGE) {
            List<String> page = audit.range(index, PAGE);
            for (String line : page) {
                scanned++;
                AuditEntry entry;
                try {
                    entry = AuditEntry.fromJson(line);
                } catch (IllegalArgumentException e) {
                    skipped++;
                    continue;
                }
                if (!started && entry.id().equals(selection.fromId())) {
                    started = true;
                }
                boolean inTime = selection.fromTime() == null || !entry.time().isBefore(selection.fromTime());
                boolean onTopic = selection.topic() == null || selection.topic().equals(entry.topic());
                if (started && inTime && onTopic) {
                    selected.add(entry);
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (!started) {
            throw new UnknownIdException(selection.fromId());
        }
        long replayed = 0;
        long failed = 0;
        for (AuditEntry entry : selected) {
            String problem = send(entry);
            if (problem == null || problem.startsWith("answered")) {
                replayed++;
            } else {
                failed++;
            }
            if (problem != null) {
                progress.problem(entry, problem);
            }
            progress.update(replayed + failed, selected.size());
        }
        return new Result(scanned, selected.size(), replayed, skipped, failed);
    }

    /** Sends one entry; null when all went well, else what went wrong. */
    private String send(AuditEntry entry) throws InterruptedException {
        CompletableFuture<Reply> outcome;
        try {
            outcome = dispatcher.deliver(entry);
        } catch (RuntimeException e) {
            return "not published: " + e.getMessage();
        }
        try {
            Reply reply = outcome.get(replyTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return reply != null && reply.error() ? "answered with an error: " + reply.code() + " " + reply.message()
                    : null;
        } catch (ExecutionException e) {
            return "unanswered: " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "unanswered after " + replyTimeout.toSeconds() + " s";
        }
    }
}
