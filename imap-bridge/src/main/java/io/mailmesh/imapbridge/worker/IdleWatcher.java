package io.mailmesh.imapbridge.worker;

import io.mailmesh.imapbridge.imap.ImapConnections;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.time.Duration;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps INBOX of one identity in IMAP IDLE on the worker's own connection and calls {@code onNewMail} as soon as
 * the server announces a new message. Runs on its own thread until {@link #close()}; if the connection drops it
 * reconnects through {@code reconnect} with a growing pause.
 */
final class IdleWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdleWatcher.class);
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    /** Opens a fresh worker connection. */
    interface Reconnect {
        ImapConnections.Lease open() throws Exception;
    }

    private final String identityId;
    private final Runnable onNewMail;
    private final Reconnect reconnect;
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean running = true;
    private volatile ImapConnections.Lease lease;
    private volatile boolean watching;

    IdleWatcher(String identityId, ImapConnections.Lease first, Runnable onNewMail, Reconnect reconnect) {
        this.identityId = identityId;
        this.lease = first;
        this.onNewMail = onNewMail;
        this.reconnect = reconnect;
        this.thread = new Thread(this::loop, "imap-idle-" + identityId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long pauseMillis = 1_000;
        while (running) {
            try {
                if (lease == null) {
                    lease = reconnect.open();
                }
                IMAPFolder inbox = (IMAPFolder) lease.store().getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                inbox.addMessageCountListener(new MessageCountAdapter() {
                    @Override
                    public void messagesAdded(MessageCountEvent e) {
                        onNewMail.run();
                    }
                });
                pauseMillis = 1_000;
                watching = true;
                while (running && inbox.isOpen()) {
                    inbox.idle(false);
                }
            } catch (Exception e) {
                watching = false;
                if (!running) {
                    break;
                }
                LOG.info("identity {}: IDLE connection lost ({}); reconnecting in {} ms", identityId, e.getMessage(),
                        pauseMillis);
                ImapConnections.Lease broken = lease;
                lease = null;
                if (broken != null) {
                    broken.discard();
                }
                synchronized (pause) {
                    try {
                        pause.wait(pauseMillis);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    static boolean supportsIdle(ImapConnections.Lease lease) throws MessagingException {
        return lease.store() instanceof IMAPStore s && s.hasCapability("IDLE");
    }

    /** Whether INBOX is open and listened to. */
    boolean isWatching() {
        return watching;
    }

    boolean isConnected() {
        ImapConnections.Lease l = lease;
        return l != null && l.store().isConnected();
    }

    @Override
    public void close() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        ImapConnections.Lease l = lease;
        if (l != null) {
            l.discard();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
