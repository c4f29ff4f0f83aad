package io.mailmesh.orders;

import java.util.Map;

/** {@code deliver} and {@code process_inbound}: act on one message for a user through an identity. */
public record MessageOrder(OrderType type, String messageId, String remoteId, String userId) implements Order {

    public MessageOrder {
        Shapes.require(type, PayloadShape.MESSAGE);
    }

    public static MessageOrder deliver(String messageId, String remoteId, String userId) {
        return new MessageOrder(OrderType.DELIVER, messageId, remoteId, userId);
    }

    public static MessageOrder processInbound(String messageId, String remoteId, String userId) {
        return new MessageOrder(OrderType.PROCESS_INBOUND, messageId, remoteId, userId);
    }

    @Override
    public Map<String, String> fields() {
        return Map.of(Keys.MESSAGE_ID, messageId, Keys.REMOTE_ID, remoteId, Keys.USER_ID, userId);
    }
}
