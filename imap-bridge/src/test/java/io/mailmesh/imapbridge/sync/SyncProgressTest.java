package io.mailmesh.imapbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SyncProgressTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong();
    private final SyncProgress progress = new SyncProgress(registry, clock::get, Duration.ofSeconds(5));
    private final Logger logger = (Logger) LoggerFactory.getLogger(SyncProgress.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    private List<String> lines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private double pending() {
        return registry.get("mesh.imap.sync.pending").gauge().value();
    }

    @Test
    void aFullfetchLogsItsTotalThenCountsAndRateEveryFewSecondsThenASummary() {
        // given a fullfetch of 1000 mails in INBOX
        try (SyncProgress.Run run = progress.start("id1", true)) {
            run.folder("INBOX", 1_000, false);
            assertThat(pending()).isEqualTo(1_000);

            // when 200 mails are handed over in 2 s, then 300 more 4 s later
            clock.addAndGet(Duration.ofSeconds(2).toNanos());
            run.handedOver(200);
            clock.addAndGet(Duration.ofSeconds(4).toNanos());
            run.handedOver(300);
            assertThat(pending()).isEqualTo(500);
            clock.addAndGet(Duration.ofSeconds(4).toNanos());
            run.handedOver(500);
        }

        // then the log says what is to fetch, how far it is after 5 s (count, share, rate), and how it ended
        assertThat(lines()).containsExactly(
                "identity id1: fullfetch of INBOX: 1000 mails to fetch",
                "identity id1: fullfetch 500/1000 mails (50%), 83.3 mails/s",
                "identity id1: fullfetch handed over 1000 of 1000 mails in 10 s, 100.0 mails/s");
        // and the gauge is back to 0, the counter holds the mails
        assertThat(pending()).isZero();
        assertThat(registry.get("mesh.imap.sync.mails").tag("kind", "fullfetch").counter().count()).isEqualTo(1000);
    }

    @Test
    void aFirstSyncOfAFolderReportsButAnIncrementalOneStaysQuiet() {
        // when a folder is synced the first time, and another one incrementally
        try (SyncProgress.Run first = progress.start("id2", false)) {
            first.folder("INBOX", 3, true);
            first.handedOver(3);
        }
        try (SyncProgress.Run next = progress.start("id2", false)) {
            next.folder("INBOX", 2, false);
            next.handedOver(2);
        }

        // then only the first sync logs
        assertThat(lines()).containsExactly("identity id2: sync of INBOX: 3 mails to fetch (first sync of the folder)",
                "identity id2: sync handed over 3 of 3 mails in 0 s, - mails/s");
        assertThat(registry.get("mesh.imap.sync.mails").tag("kind", "sync").counter().count()).isEqualTo(5);
    }

    @Test
    void mailsASyncLeavesForTheNextOneAreNoLongerPendingWhenItEnds() {
        // given a sync over its budget after 40 of 100 mails
        try (SyncProgress.Run run = progress.start("id3", false)) {
            run.folder("INBOX", 100, true);
            run.handedOver(40);
            assertThat(pending()).isEqualTo(60);
        }
        // then the gauge counts only what running syncs still hold
        assertThat(pending()).isZero();
    }
}
