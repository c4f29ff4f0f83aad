package io.mailmesh.mqworker.contact;

import com.google.inject.Inject;
import io.mailmesh.mesh.config.MeshConfig;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.ContactOrder;
import io.mailmesh.orders.OrderType;
import io.mailmesh.orders.Routes;
import java.util.List;

/** contact_update on contactAction (queue contactQueue). */
public final class ContactHandlers implements HandlerSet {
    private final ContactUpdate update;
    private final MeshConfig config;

    @Inject
    ContactHandlers(ContactUpdate update, MeshConfig config) {
        this.update = update;
        this.config = config;
    }

    @Override
    public List<HandlerBinding<?>> bindings() {
        // re-linking scans the user's mailbox: give it the most the durable ack wait (default + 30 s) allows
        return List.of(HandlerBinding.of(Routes.CONTACT_ACTION, OrderType.CONTACT_UPDATE, ContactOrder.class, update)
                .withOptions(config.handlerDefaults().withTimeout(config.handlerDefaults().timeout().plusSeconds(20))
                        .withMaxConcurrent(Math.max(1, config.handlerDefaults().maxConcurrent() / 2))));
    }
}
