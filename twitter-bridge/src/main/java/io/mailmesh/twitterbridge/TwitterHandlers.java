package io.mailmesh.twitterbridge;

import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.MessageOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.RemoteOrder;
import io.mailmesh.orders.Routes;
import io.mailmesh.twitterbridge.deliver.DeliverHandler;
import io.mailmesh.twitterbridge.sync.SyncHandler;
import io.mailmesh.twitterbridge.worker.WorkerHandlers;
import jakarta.inject.Inject;
import java.util.List;

/** The twitter-bridge's handlers: sync and deliver on twitter_dm, the worker orders on twitter_worker. */
public final class TwitterHandlers implements HandlerSet {
    private final SyncHandler sync;
    private final DeliverHandler deliver;
    private final WorkerHandlers workers;

    @Inject
    public TwitterHandlers(SyncHandler sync, DeliverHandler deliver, WorkerHandlers workers) {
        this.sync = sync;
        this.deliver = deliver;
        this.workers = workers;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(
                HandlerBinding.of(Routes.TWITTER_DM, OrderType.SYNC, RemoteOrder.class, sync),
                HandlerBinding.of(Routes.TWITTER_DM, OrderType.DELIVER, MessageOrder.class, deliver),
                HandlerBinding.of(Routes.TWITTER_WORKER, OrderType.ADD_WORKER, RemoteOrder.class, workers::add),
                HandlerBinding.of(Routes.TWITTER_WORKER, OrderType.RELOAD_WORKER, RemoteOrder.class,
                        workers::reload),
                HandlerBinding.of(Routes.TWITTER_WORKER, OrderType.REMOVE_WORKER, RemoteOrder.class,
                        workers::remove));
    }
}
