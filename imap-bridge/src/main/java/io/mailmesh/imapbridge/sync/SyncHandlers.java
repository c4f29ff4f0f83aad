package io.mailmesh.imapbridge.sync;

import com.google.inject.Inject;
import io.mailmesh.imapbridge.ImapSettings;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerOptions;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Routes;
import java.time.Duration;
import java.util.List;

/**
 * {@code sync} and {@code fullfetch} on IMAPfetcher (queue IMAPworkers).
 *
 * <p>Authentication and connection failures are recorded on the identity, signalled to identities-worker with a
 * doubled interval, and the order ends <em>handled</em> (acked, with an error outcome in the logs and metrics):
 * the scheduler's back-off is the retry, whereas a durable redelivery would hammer a server that refuses the
 * login and double the interval again on each attempt, and a dead letter per failed poll would bury the real
 * dead letters. Failures the order itself can heal (mq-worker not answering, the store down) stay retryable.
 */
public final class SyncHandlers implements HandlerSet {
    private final MailboxSync sync;
    private final ImapSettings settings;
    private final MeshConfig config;

    @Inject
    public SyncHandlers(MailboxSync sync, ImapSettings settings, MeshConfig config) {
        this.sync = sync;
        this.settings = settings;
        this.config = config;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        HandlerOptions defaults = config.handlerDefaults();
        Duration syncTimeout = max(defaults.timeout(),
                settings.syncBudget().plus(settings.inboundTimeout()).plusSeconds(30));
        return List.of(
                HandlerBinding.of(Routes.IMAP_FETCHER, OrderType.SYNC, RemoteOrder.class, sync::run)
                        .withOptions(defaults.withTimeout(syncTimeout)),
                HandlerBinding.of(Routes.IMAP_FETCHER, OrderType.FULLFETCH, RemoteOrder.class, sync::run)
                        .withOptions(defaults.withTimeout(Duration.ofHours(1)).withMaxConcurrent(2)));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
