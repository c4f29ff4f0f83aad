package io.mailmesh.orders;

import java.util.HashMap;
import java.util.Map;

/**
 * The identity orders. {@code pollIntervall} (minutes, as a string, the seed's spelling) and {@code protocol}
 * may be null except on {@code update_interval}.
 */
public record IdentityOrder(OrderType type, String identityId, String pollIntervall, String protocol, String userId)
        implements Order {

    public IdentityOrder {
        Shapes.require(type, PayloadShape.IDENTITY);
    }

    public static IdentityOrder of(OrderType type, String identityId, String pollIntervall, String protocol,
                                   String userId) {
        return new IdentityOrder(type, identityId, pollIntervall, protocol, userId);
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> fields = new HashMap<>();
        fields.put(Keys.IDENTITY_ID, identityId);
        fields.put(Keys.USER_ID, userId);
        if (pollIntervall != null) {
            fields.put(Keys.POLL_INTERVALL, pollIntervall);
        }
        if (protocol != null) {
            fields.put(Keys.PROTOCOL, protocol);
        }
        return fields;
    }
}
