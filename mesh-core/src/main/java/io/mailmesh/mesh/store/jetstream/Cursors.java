package io.mailmesh.mesh.store.jetstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque cursors: base64url of the sort key of the last item of a page. */
final class Cursors {
    private Cursors() {
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key after which the page starts; "" for the first page. */
    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return "";
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!key.matches("[0-9]{19}\\.[A-Za-z0-9_=-]{1,128}")) {
                throw new IllegalArgumentException("malformed cursor");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed cursor: " + cursor);
        }
    }

    static int requireLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
        }
        return limit;
    }
}
