package io.mailmesh.orders;

import java.util.Map;
import java.util.Objects;

/**
 * The one reply shape of every request/reply route: {@code {"error": false, "message": "…"}} plus the route's
 * fields, or {@code {"error": true, "code": "…", "message": "…"}}.
 *
 * @param error   true when the order failed
 * @param code    a stable machine-readable reason, only on errors
 * @param message a human-readable sentence, never holding secrets
 * @param fields  extra string fields, such as process_inbound's {@code message_id} and {@code discussion_id}
 */
public record Reply(boolean error, String code, String message, Map<String, String> fields) {

    public Reply {
        Objects.requireNonNull(message, "message");
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        if (error && (code == null || code.isBlank())) {
            throw new IllegalArgumentException("an error reply needs a code");
        }
    }

    public static Reply ok(String message) {
        return new Reply(false, null, message, Map.of());
    }

    public static Reply ok(String message, Map<String, String> fields) {
        return new Reply(false, null, message, fields);
    }

    public static Reply failure(String code, String message) {
        return new Reply(true, code, message, Map.of());
    }

    public String field(String key) {
        return fields.get(key);
    }
}
