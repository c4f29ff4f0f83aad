package io.mailmesh.mesh.store;

import io.mailmesh.mesh.handler.Lifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ages out raw messages once they were imported and marked delivered: every {@link #period()} it deletes those
 * delivered more than {@code retention} ago, at most {@value #MAX_PER_SWEEP} a sweep (the rest waits for the next).
 * Raw messages never marked delivered are kept whatever their age: drafts' attachment sources, sent mails, and
 * inbound mails whose import has not succeeded yet (nothing accepted is lost). Several instances may sweep at once:
 * deleting is idempotent.
 */
public final class RawMessageRetention implements Lifecycle {
    public static final String VARIABLE = "MESH_RAW_RETENTION_HOURS";
    public static final Duration DEFAULT = Duration.ofDays(7);
    static final int MAX_PER_SWEEP = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(RawMessageRetention.class);

    private final RawMessageStore rawMessages;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService sweeper;

    /**
     * @param retention how long a delivered raw message is kept; null keeps them for ever (no sweeping)
     */
    public RawMessageRetention(RawMessageStore rawMessages, Duration retention, Clock clock) {
        if (retention != null && retention.isNegative()) {
            throw new IllegalArgumentException(VARIABLE + " must be 0 or more hours (or -1 to keep raw messages)");
        }
        this.rawMessages = rawMessages;
        this.retention = retention;
        this.clock = clock;
    }

    /** Parses {@code MESH_RAW_RETENTION_HOURS}: hours, 0 for "as soon as delivered", -1 for "for ever". */
    public static Duration parse(long hours) {
        if (hours < -1) {
            throw new IllegalArgumentException(VARIABLE + " must be -1 (keep), 0 or more hours, got " + hours);
        }
        return hours == -1 ? null : Duration.ofHours(hours);
    }

    /** How often it sweeps: a quarter of the retention, between one minute and one hour. */
    public Duration period() {
        Duration quarter = retention == null ? Duration.ofHours(1) : retention.dividedBy(4);
        return quarter.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1)
                : quarter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : quarter;
    }

    /** One sweep; returns how many raw messages were deleted. */
    public int sweep() {
        if (retention == null) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention);
        int deleted = rawMessages.deleteDeliveredBefore(cutoff, MAX_PER_SWEEP);
        if (deleted > 0) {
            LOG.info("deleted {} raw messages delivered before {} ({}={})", deleted, cutoff, VARIABLE,
                    retention.toHours());
        }
        return deleted;
    }

    @Override
    public void start() {
        if (retention == null) {
            LOG.info("raw messages are kept after delivery ({}=-1)", VARIABLE);
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raw-message-retention");
            t.setDaemon(true);
            return t;
        });
        long periodMillis = period().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepLogged, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (RuntimeException e) { // a store outage: the next sweep tries again
            LOG.warn("raw message retention sweep failed, retrying in {}: {}", period(), e.toString());
        }
    }

    @Override
    public void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
