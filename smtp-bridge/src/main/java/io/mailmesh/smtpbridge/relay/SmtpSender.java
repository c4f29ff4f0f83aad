package io.mailmesh.smtpbridge.relay;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages over SMTP. Connections to a pooled target (the relay) are kept open between sends and checked
 * with NOOP before reuse; a connection idle too long is closed instead. Other targets get one connection per send.
 * A send is never retried here: a failure after DATA could mean the server already took the message.
 */
public final class SmtpSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);
    private static final long MAX_IDLE_NANOS = 20_000_000_000L;
    private static final int MAX_IDLE_PER_TARGET = 8;

    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    /**
     * Sends {@code message} to the envelope {@code recipients} through {@code target}.
     *
     * @param pooled keep the connection for the next send to the same target
     * @throws RelayException if the server refused, deferred, rejected the login or could not be reached
     */
    public void send(SmtpTarget target, MimeMessage message, Address[] recipients, boolean pooled)
            throws RelayException {
        Pool pool = pooled ? pools.computeIfAbsent(target.poolKey(), k -> new Pool(MailSessions.forTarget(target)))
                : null;
        Transport transport = null;
        try {
            transport = pool == null ? null : pool.borrow();
            if (transport == null) {
                Session session = pool == null ? MailSessions.forTarget(target) : pool.session;
                transport = session.getTransport("smtp");
                if (target.authenticates()) {
                    transport.connect(target.host(), target.port(), target.username(), target.secret());
                } else {
                    transport.connect();
                }
            }
            transport.sendMessage(message, recipients);
        } catch (MessagingException e) {
            closeQuietly(transport);
            transport = null;
            throw RelayFailures.classify(target, e);
        } finally {
            if (transport != null) {
                if (pool != null) {
                    pool.giveBack(transport);
                } else {
                    closeQuietly(transport);
                }
            }
        }
    }

    @Override
    public void close() {
        pools.values().forEach(Pool::closeAll);
        pools.clear();
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.debug("closing an SMTP connection: {}", e.toString());
        }
    }

    /** Idle connections to one target, newest first. */
    private static final class Pool {
        final Session session;
        final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();

        Pool(Session session) {
            this.session = session;
        }

        /** A live idle connection, or null. */
        Transport borrow() {
            for (Idle entry = idle.pollFirst(); entry != null; entry = idle.pollFirst()) {
                if (System.nanoTime() - entry.since < MAX_IDLE_NANOS && entry.transport.isConnected()) {
                    return entry.transport;
                }
                closeQuietly(entry.transport);
            }
            return null;
        }

        void giveBack(Transport transport) {
            if (idle.size() >= MAX_IDLE_PER_TARGET) {
                closeQuietly(transport);
                return;
            }
            idle.addFirst(new Idle(transport, System.nanoTime()));
        }

        void closeAll() {
            for (Idle entry = idle.pollFirst(); entry != null; entry = idle.pollFirst()) {
                closeQuietly(entry.transport);
            }
        }
    }

    private record Idle(Transport transport, long since) {
    }
}
