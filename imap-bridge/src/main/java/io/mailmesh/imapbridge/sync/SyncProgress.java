package io.mailmesh.imapbridge.sync;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the long syncs are: a {@code fullfetch} or the first sync of a folder logs how many mails it has to
 * fetch, then every few seconds how many it has handed over and at what rate, then a summary. The gauge
 * {@code mesh.imap.sync.pending} is the mails listed but not yet handed over by every sync running here; the counter
 * {@code mesh.imap.sync.mails{kind}} counts those handed over. A short incremental sync logs nothing.
 */
@Singleton
public final class SyncProgress {
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(SyncProgress.class);

    private final AtomicLong pending = new AtomicLong();
    private final Counter syncMails;
    private final Counter fullFetchMails;
    private final LongSupplier clock;
    private final Duration reportEvery;

    @Inject
    public SyncProgress(MeterRegistry registry) {
        this(registry, System::nanoTime, REPORT_EVERY);
    }

    SyncProgress(MeterRegistry registry, LongSupplier clock, Duration reportEvery) {
        Gauge.builder("mesh.imap.sync.pending", pending, AtomicLong::get)
                .description("mails listed by the syncs running here and not yet handed over").register(registry);
        this.syncMails = Counter.builder("mesh.imap.sync.mails").tag("kind", "sync")
                .description("mails handed over to process_inbound").register(registry);
        this.fullFetchMails = Counter.builder("mesh.imap.sync.mails").tag("kind", "fullfetch")
                .description("mails handed over to process_inbound").register(registry);
        this.clock = clock;
        this.reportEvery = reportEvery;
    }

    /** Starts following one sync or fullfetch of {@code identityId}. */
    public Run start(String identityId, boolean fullFetch) {
        return new Run(identityId, fullFetch);
    }

    /** One sync: its folders one after the other. Used by the one thread that runs the sync. */
    public final class Run implements AutoCloseable {
        private final String identityId;
        private final String kind;
        private final long startedAt = clock.getAsLong();
        private long listed;
        private long handedOver;
        private long folderLeft;
        private long nextReport;
        private boolean reported;

        private Run(String identityId, boolean fullFetch) {
            this.identityId = identityId;
            this.kind = fullFetch ? "fullfetch" : "sync";
        }

        /** {@code total} mails of {@code folder} to fetch; {@code initial} on its first sync. */
        public void folder(String folder, int total, boolean initial) {
            pending.addAndGet(-folderLeft); // what a folder left unfetched (over budget) is no longer pending here
            folderLeft = total;
            listed += total;
            pending.addAndGet(total);
            if (total > 0 && (initial || kind.equals("fullfetch"))) {
                reported = true;
                nextReport = clock.getAsLong() + reportEvery.toNanos();
                LOG.info("identity {}: {} of {}: {} mails to fetch{}", identityId, kind, folder, total,
                        initial && kind.equals("sync") ? " (first sync of the folder)" : "");
            }
        }

        /** {@code count} more mails handed over. */
        public void handedOver(int count) {
            handedOver += count;
            folderLeft = Math.max(0, folderLeft - count);
            pending.addAndGet(-count);
            (kind.equals("fullfetch") ? fullFetchMails : syncMails).increment(count);
            long now = clock.getAsLong();
            if (reported && now >= nextReport) {
                nextReport = now + reportEvery.toNanos();
                LOG.info("identity {}: {} {}/{} mails ({}%), {} mails/s", identityId, kind, handedOver, listed,
                        listed == 0 ? 100 : handedOver * 100 / listed, rate(now));
            }
        }

        @Override
        public void close() {
            pending.addAndGet(-folderLeft);
            folderLeft = 0;
            if (reported) {
                long now = clock.getAsLong();
                LOG.info("identity {}: {} handed over {} of {} mails in {} s, {} mails/s", identityId, kind,
                        handedOver, listed, Duration.ofNanos(now - startedAt).toSeconds(), rate(now));
            }
        }

        private String rate(long now) {
            double seconds = (now - startedAt) / 1e9;
            return seconds <= 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f", handedOver / seconds);
        }
    }
}
