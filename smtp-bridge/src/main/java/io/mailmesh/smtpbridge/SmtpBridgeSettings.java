package io.mailmesh.smtpbridge;

import io.mailmesh.smtpbridge.relay.SmtpTarget;
import java.time.Duration;

/**
 * Everything smtp-bridge is configured with.
 *
 * @param relay          the relay local identities send through
 * @param primaryHost    domain of the Message-IDs of sent messages
 * @param listenHost     address the inbound listener binds to, or null for all
 * @param listenPort     port of the inbound listener (0 picks a free one)
 * @param maxMessageSize largest inbound message accepted, in bytes
 * @param hostName       host name the listener greets with
 * @param inboundTimeout how long each process_inbound request may take
 * @param claimLease     how long a deliver holds its claim on a draft before another deliver may take it over
 * @param maxConnections inbound SMTP sessions at once
 * @param spool          where inbound mail data is held while it is stored
 */
public record SmtpBridgeSettings(SmtpTarget relay, String primaryHost, String listenHost, int listenPort,
        int maxMessageSize, String hostName, Duration inboundTimeout, Duration claimLease, int maxConnections,
        Spool spool) {

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 25 * 1024 * 1024;
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofMinutes(5);
    /** Inbound SMTP sessions at once: each may hold a mail of up to the size limit in hand. */
    public static final int DEFAULT_MAX_CONNECTIONS = 100;

    /** Heap bytes of one inbound mail before the rest of it goes to a temporary file (SMTP_SPOOL_MEMORY). */
    public static final int DEFAULT_SPOOL_MEMORY = 256 * 1024;

    /** Settings with the default spool. */
    public SmtpBridgeSettings(SmtpTarget relay, String primaryHost, String listenHost, int listenPort,
                              int maxMessageSize, String hostName, Duration inboundTimeout, Duration claimLease,
                              int maxConnections) {
        this(relay, primaryHost, listenHost, listenPort, maxMessageSize, hostName, inboundTimeout, claimLease,
                maxConnections, Spool.defaults());
    }

    /** Settings with the default bound on inbound sessions. */
    public SmtpBridgeSettings(SmtpTarget relay, String primaryHost, String listenHost, int listenPort,
                              int maxMessageSize, String hostName, Duration inboundTimeout, Duration claimLease) {
        this(relay, primaryHost, listenHost, listenPort, maxMessageSize, hostName, inboundTimeout, claimLease,
                DEFAULT_MAX_CONNECTIONS);
    }

    public SmtpBridgeSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the inbound session limit must be positive, got " + maxConnections);
        }
        if (primaryHost == null || primaryHost.isBlank() || !primaryHost.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("the primary mail host must be a domain name, got " + primaryHost);
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port must be 0-65535, got " + listenPort);
        }
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("max message size must be at least 1024 bytes");
        }
        hostName = hostName == null || hostName.isBlank() ? primaryHost : hostName;
        spool = spool == null ? Spool.defaults() : spool;
        inboundTimeout = inboundTimeout == null ? Duration.ofSeconds(30) : inboundTimeout;
        claimLease = claimLease == null ? DEFAULT_CLAIM_LEASE : claimLease;
    }

    /**
     * Where an inbound mail's data is held until it is stored: up to {@code memoryLimit} bytes in heap, the rest of
     * a larger mail in an owner-only temporary file in {@code dir}, deleted once the mail is answered. A session so
     * holds at most {@code memoryLimit} bytes of mail in heap (plus, while storing, one copy of a mail small enough
     * for one NATS message); with {@code SMTP_MAX_CONNECTIONS} sessions that bounds the heap inbound mail takes.
     *
     * @param dir         folder of the temporary files
     * @param memoryLimit heap bytes per mail before spilling to a file
     */
    public record Spool(java.nio.file.Path dir, int memoryLimit) {
        public Spool {
            if (dir == null) {
                throw new IllegalArgumentException("the spool folder is required");
            }
            if (memoryLimit < 0) {
                throw new IllegalArgumentException("the spool memory limit must not be negative, got " + memoryLimit);
            }
        }

        /** The system's temporary folder and {@link #DEFAULT_SPOOL_MEMORY}. */
        public static Spool defaults() {
            return new Spool(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_SPOOL_MEMORY);
        }
    }

    /**
     * A listen address.
     *
     * @param host address to bind, or null for all
     * @param port port (0 picks a free one)
     */
    public record Listen(String host, int port) {
        /** Parses {@code host:port}, {@code [v6]:port} or {@code port}; blank means port 2525 on all addresses. */
        public static Listen parse(String listen) {
            String value = listen == null ? "" : listen.trim();
            if (value.isEmpty()) {
                return new Listen(null, 2525);
            }
            int colon = value.lastIndexOf(':');
            String host = colon < 0 ? null : value.substring(0, colon).replace("[", "").replace("]", "");
            String port = colon < 0 ? value : value.substring(colon + 1);
            try {
                return new Listen(host == null || host.isBlank() ? null : host, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SMTP_LISTEN must be host:port or port, got " + listen);
            }
        }
    }
}
