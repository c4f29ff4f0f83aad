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
 * @param workerLease     how long an instance's ownership of an identity's worker lasts without renewal: when an
 *                        instance dies, another runs its workers within about 4/3 of it
 * @param maxBatchBytes   bytes of mail one fetch round trip may bring at most ({@code IMAP_MAX_BATCH_BYTES}, 64 MiB;
 *                        a single mail over it is still fetched alone if the store takes mails that large)
 */
public record ImapSettings(int maxConnections, Duration idleTimeout, int batchSize, Duration inboundTimeout,
        Duration deliverTimeout, boolean trustAll, Duration syncBudget, Duration workerLease, long maxBatchBytes) {
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
        requirePositive("IMAP_WORKER_LEASE", workerLease);
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("IMAP_MAX_BATCH_BYTES must be positive");
        }
    }

    public ImapSettings(int maxConnections, Duration idleTimeout, int batchSize, Duration inboundTimeout,
            Duration deliverTimeout, boolean trustAll, Duration syncBudget, Duration workerLease) {
        this(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll, syncBudget,
                workerLease, DEFAULT_MAX_BATCH_BYTES);
    }

    public ImapSettings withMaxBatchBytes(long bytes) {
        return new ImapSettings(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll,
                syncBudget, workerLease, bytes);
    }

    public ImapSettings(int maxConnections, Duration idleTimeout, int batchSize, Duration inboundTimeout,
            Duration deliverTimeout, boolean trustAll, Duration syncBudget) {
        this(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll, syncBudget,
                DEFAULT_WORKER_LEASE);
    }

    public static final Duration DEFAULT_WORKER_LEASE = Duration.ofSeconds(15);

    public ImapSettings withWorkerLease(Duration lease) {
        return new ImapSettings(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll,
                syncBudget, lease, maxBatchBytes);
    }

    /**
     * Defaults: 50 connections, 5 min idle, batches of 200, 10 s inbound, 30 s deliver, verified TLS, 20 s budget,
     * 15 s worker lease.
     */
    public static ImapSettings defaults() {
        return new ImapSettings(50, Duration.ofMinutes(5), 200, Duration.ofSeconds(10), Duration.ofSeconds(30),
                false, Duration.ofSeconds(20), DEFAULT_WORKER_LEASE);
    }

    public ImapSettings withSyncBudget(Duration budget) {
        return new ImapSettings(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll,
                budget, workerLease, maxBatchBytes);
    }

    public ImapSettings withBatchSize(int size) {
        return new ImapSettings(maxConnections, idleTimeout, size, inboundTimeout, deliverTimeout, trustAll,
                syncBudget, workerLease, maxBatchBytes);
    }

    public ImapSettings withTrustAll(boolean trust) {
        return new ImapSettings(maxConnections, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trust,
                syncBudget, workerLease, maxBatchBytes);
    }

    public ImapSettings withMaxConnections(int max) {
        return new ImapSettings(max, idleTimeout, batchSize, inboundTimeout, deliverTimeout, trustAll, syncBudget,
                workerLease, maxBatchBytes);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
