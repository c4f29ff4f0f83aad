package io.mailmesh.imapbridge;

import java.time.Duration;

/**
 * The imap-bridge's own settings.
 *
 * @param maxConnections  IMAP connections this instance keeps open at most (syncs, appends and workers together)
 * @param idleTimeout     how long an unused pooled connection stays open
 * @param batchSize       messages fetched per IMAP round trip
 * @param inboundTimeout  how long a process_inbound request waits for mq-worker
 * @param deliverTimeout  how long the outboundSMTP deliver request waits for smtp-bridge
 * @param trustAll        development only: lets an identity's {@code trustAllCertificates} flag switch certificate
 *                        checks off; when false the flag is refused and certificates are always verified
 * @param syncBudget      how long one sync order may fetch before it hands the rest to a follow-up sync order
 * @param maxBatchBytes   bytes of mail one fetch round trip may bring at most ({@code IMAP_MAX_BATCH_BYTES}, 64 MiB;
 *                        a single mail over it is still fetched alone if the store takes mails that large)
 */
public record ImapSettings(int maxConnections, Duration idleTimeout, int batchSize, Duration inboundTimeout,
        Duration deliverTimeout, boolean trustAll, Duration syncBudget, long maxBatchBytes) {
    public static final long DEFAULT_MAX_BATCH_BYTES = 64L * 1024 * 1024;

    public ImapSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("IMAP_MAX_CONNECTIONS must be at least 1");
        }
        if (batchSize < 1 || batchSize > 5_000) {
            throw new IllegalArgumentException("IMAP_BATCH_SIZE must be 1 to 5000");
        }
        requirePositive("IMAP_IDLE_TIMEOUT", idleTimeout);
        requirePositive("IMAP_INBOUND_TIMEOUT", inboundTimeout);
        requirePositive("IMAP_DELIVER_TIMEOUT", deliverTimeout);
        requirePositive("sync budget", syncBudget);
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("IMAP_MAX_BATCH_BYTES must be positive");
        }
    }

    /** Settings with the default batch byte bound. */
    public ImapSettings(int maxConnections, Duration idleTimeout, int batchSize, Duration inboundTimeout,
            Duration deliverTimeout, boolean trustAll, Duration syncBudget) {
        this(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll, syncBudget,
                DEFAULT_MAX_BATCH_BYTES);
    }

    public ImapSettings withMaxBatchBytes(long bytes) {
        return new ImapSettings(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll,
                syncBudget, bytes);
    }

    /** Defaults: 50 connections, 5 min idle, batches of 200, 10 s inbound, 30 s deliver, verified TLS, 20 s budget. */
    public static ImapSettings defaults() {
        return new ImapSettings(50, Duration.ofMinutes(5), 200, Duration.ofSeconds(10), Duration.ofSeconds(30),
                false, Duration.ofSeconds(20));
    }

    public ImapSettings withSyncBudget(Duration budget) {
        return new ImapSettings(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll,
                budget);
    }

    public ImapSettings withBatchSize(int size) {
        return new ImapSettings(maxConnections, idleTimeout, size, inboundTimeout, deliverTimeout, trustAll,
                syncBudget);
    }

    public ImapSettings withTrustAll(boolean trust) {
        return new ImapSettings(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trust,
                syncBudget);
    }

    public ImapSettings withMaxConnections(int max) {
        return new ImapSettings(max, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll, syncBudget);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
