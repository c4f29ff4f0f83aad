package io.mailmesh.imapbridge;

import com.google.inject.AbstractModule;
import io.mailmesh.imapbridge.deliver.DeliverHandler;
import io.mailmesh.imapbridge.imap.ImapConnections;
import io.mailmesh.imapbridge.sync.SyncHandlers;
import io.mailmesh.imapbridge.worker.ImapWorkerOwnership;
import io.mailmesh.imapbridge.worker.ImapWorkers;
import io.mailmesh.imapbridge.worker.WorkerHandlers;
import io.mailmesh.mesh.runtime.MeshBindings;

/**
 * Guice wiring of the imap-bridge: sync/fullfetch on IMAPfetcher, deliver on outboundIMAP, the worker orders on
 * imap_worker, the connection pool and the workers. Needs the store (install {@code MeshStoreModule} in production).
 */
public final class ImapBridgeModule extends AbstractModule {
    private final ImapSettings settings;

    public ImapBridgeModule(ImapSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(ImapSettings.class).toInstance(settings);
        MeshBindings.handlers(binder()).addBinding().to(SyncHandlers.class);
        MeshBindings.handlers(binder()).addBinding().to(DeliverHandler.class);
        MeshBindings.handlers(binder()).addBinding().to(WorkerHandlers.class);
        MeshBindings.lifecycles(binder()).addBinding().to(ImapConnections.class);
        MeshBindings.lifecycles(binder()).addBinding().to(ImapWorkers.class);
        MeshBindings.lifecycles(binder()).addBinding().to(ImapWorkerOwnership.class);
    }
}
