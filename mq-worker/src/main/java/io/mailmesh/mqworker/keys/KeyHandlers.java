package io.mailmesh.mqworker.keys;

import com.google.inject.Inject;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.mqworker.MqWorkerSettings;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import java.util.List;

/** discover_key, publish_key and delete_key on keyAction (queue keyQueue). */
public final class KeyHandlers implements HandlerSet {
    private final DiscoverKey discover;
    private final PublishKey publish;
    private final DeleteKey delete;
    private final MeshConfig config;
    private final MqWorkerSettings settings;

    @Inject
    KeyHandlers(DiscoverKey discover, PublishKey publish, DeleteKey delete, MeshConfig config,
            MqWorkerSettings settings) {
        this.discover = discover;
        this.publish = publish;
        this.delete = delete;
        this.config = config;
        this.settings = settings;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        // a contact may have several addresses, each asked of three servers: allow for that beyond the default
        // (the durable consumer's ack wait is the default timeout + 30 s, so stay under it)
        java.time.Duration base = config.handlerDefaults().timeout();
        java.time.Duration lookups = settings.keyLookupTimeout().multipliedBy(6);
        java.time.Duration ceiling = base.plusSeconds(20);
        java.time.Duration timeout = lookups.compareTo(base) <= 0 ? base
                : lookups.compareTo(ceiling) > 0 ? ceiling : lookups;
        return List.of(
                HandlerBinding.of(Routes.KEY_ACTION, OrderType.DISCOVER_KEY, ContactOrder.class, discover)
                        .withOptions(config.handlerDefaults().withTimeout(timeout)),
                HandlerBinding.of(Routes.KEY_ACTION, OrderType.PUBLISH_KEY, KeyOrder.class, publish),
                HandlerBinding.of(Routes.KEY_ACTION, OrderType.DELETE_KEY, KeyOrder.class, delete));
    }
}
