package io.mailmesh.smtpbridge.inbound;

import io.mailmesh.mesh.handler.Lifecycle;
import io.mailmesh.smtpbridge.SmtpBridgeSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The inbound SMTP server (subethasmtp): accepts mail for the active local identities of the store and hands it to
 * {@link InboundDelivery}. Started by the runtime after the handlers subscribe, stopped before they drain: it stops
 * accepting connections first, so nothing new arrives while the mesh shuts down.
 */
@Singleton
public final class InboundSmtpListener implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(InboundSmtpListener.class);

    private final LocalRecipients recipients;
    private final InboundDelivery delivery;
    private final SmtpBridgeSettings settings;
    private volatile SMTPServer server;

    @Inject
    InboundSmtpListener(LocalRecipients recipients, InboundDelivery delivery, SmtpBridgeSettings settings) {
        this.recipients = recipients;
        this.delivery = delivery;
        this.settings = settings;
    }

    @Override
    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        SMTPServer.Builder builder = SMTPServer.port(settings.listenPort())
                .hostName(settings.hostName())
                .softwareName("mailmesh smtp-bridge")
                .maxMessageSize(settings.maxMessageSize())
                .insertReceivedHeaders(false)
                .connectionTimeout(60, TimeUnit.SECONDS)
                // past the bound a client is greeted with 421 and retries later, as SMTP senders do
                .maxConnections(settings.maxConnections())
                .maxRecipients(100)
                .messageHandlerFactory(ctx -> new InboundSession(ctx, recipients, delivery,
                        settings.maxMessageSize(), settings.spool(), settings.hostName()));
        if (settings.listenHost() != null) {
            builder.bindAddress(InetAddress.getByName(settings.listenHost()));
        }
        SMTPServer started = builder.build();
        started.start();
        server = started;
        LOG.info("inbound SMTP listening on {}:{} as {} (max {} bytes, {} sessions)",
                settings.listenHost() == null ? "*" : settings.listenHost(), started.getPortAllocated(),
                settings.hostName(), settings.maxMessageSize(), settings.maxConnections());
    }

    @Override
    public synchronized void stop() {
        SMTPServer running = server;
        server = null;
        if (running != null) {
            running.stop();
            LOG.info("inbound SMTP listener stopped");
        }
    }

    @Override
    public boolean isReady() {
        SMTPServer running = server;
        return running != null && running.isRunning();
    }

    /** The port it listens on (the one picked when configured with 0). */
    public int port() {
        SMTPServer running = server;
        if (running == null) {
            throw new IllegalStateException("the inbound SMTP listener is not running");
        }
        return running.getPortAllocated();
    }
}
