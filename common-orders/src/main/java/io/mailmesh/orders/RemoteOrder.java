package io.mailmesh.orders;

import java.util.Map;

/** {@code sync}, {@code fullfetch} and the worker orders: act on one remote identity of a user. */
public record RemoteOrder(OrderType type, String remoteId, String userId) implements Order {

    public RemoteOrder {
        Shapes.require(type, PayloadShape.REMOTE);
    }

    public static RemoteOrder of(OrderType type, String remoteId, String userId) {
        return new RemoteOrder(type, remoteId, userId);
    }

    @Override
    public Map<String, String> fields() {
        return Map.of(Keys.REMOTE_ID, remoteId, Keys.USER_ID, userId);
    }
}
