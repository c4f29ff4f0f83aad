package io.mailmesh.apiemitter.replay;

import com.google.inject.Inject;
import io.mailmesh.apiemitter.gateway.AuditEntry;
import io.mailmesh.apiemitter.gateway.AuditLog;
import io.mailmesh.apiemitter.gateway.Dispatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the audit log and republishes the selected entries with their original ids. */
public final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
    private static final int PAGE = 1_000;

    private final AuditLog audit;
    private final Dispatcher dispatcher;

    /** Where to start (a time or an id, inclusive) and which topic, null for all. */
    public record Selection(Instant fromTime, String fromId, String topic) {
    }

    public record Result(long scanned, long replayed, long skipped, long failed) {
    }

    /** Called after each selected entry. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    @Inject
    public Replayer(AuditLog audit, Dispatcher dispatcher) {
        this.audit = audit;
        this.dispatcher = dispatcher;
    }

    public Result replay(Selection selection, Progress progress) {
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
        long replayed = 0;
        long failed = 0;
        for (AuditEntry entry : selected) {
            try {
                dispatcher.send(entry);
                replayed++;
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("could not replay {} on {}: {}", entry.id(), entry.topic(), e.getMessage());
            }
            progress.update(replayed + failed, selected.size());
        }
        return new Result(scanned, replayed, skipped, failed);
    }
}
