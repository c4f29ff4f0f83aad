package io.mailmesh.mqworker.keys;

import com.google.inject.Inject;
import io.mailmesh.mesh.handler.OrderContext;
import io.mailmesh.mesh.handler.OrderFailedException;
import io.mailmesh.mesh.handler.OrderHandler;
import io.mailmesh.orders.KeyOrder;
import io.mailmesh.orders.Reply;

/** delete_key on keyAction: detaches {@code key_id} from the contact {@code resource_id} and deletes it. Idempotent. */
public final class DeleteKey implements OrderHandler<KeyOrder> {
    private final ContactKeys contactKeys;

    @Inject
    DeleteKey(ContactKeys contactKeys) {
        this.contactKeys = contactKeys;
    }

    @Override
    public Reply handle(KeyOrder order, OrderContext context) throws OrderFailedException {
        contactKeys.detach(order.userId(), order.resourceId(), order.keyId());
        return Reply.ok("key " + order.keyId() + " detached from contact " + order.resourceId() + " and deleted");
    }
}
