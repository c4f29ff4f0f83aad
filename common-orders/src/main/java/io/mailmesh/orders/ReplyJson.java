package io.mailmesh.orders;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a reply as compact JSON, byte for byte as Jackson's default generator does (the same key order; quotes,
 * backslashes and control characters escaped, and characters beyond the BMP as escaped surrogate pairs), without
 * creating a generator and its buffers for every request.
 */
final class ReplyJson {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ReplyJson() {
    }

    static byte[] encode(Reply reply) {
        StringBuilder json = new StringBuilder(48 + reply.message().length());
        json.append("{\"error\":").append(reply.error());
        if (reply.code() != null) {
            field(json, "code", reply.code());
        }
        field(json, "message", reply.message());
        for (Map.Entry<String, String> field : reply.fields().entrySet()) {
            field(json, field.getKey(), field.getValue());
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, String key, String value) {
        json.append(',');
        string(json, key);
        json.append(':');
        string(json, value);
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            json.append(text, plainFrom, i).append('\\');
            switch (c) {
                case '"', '\\' -> json.append(c);
                case '\b' -> json.append('b');
                case '\t' -> json.append('t');
                case '\n' -> json.append('n');
                case '\f' -> json.append('f');
                case '\r' -> json.append('r');
                default -> json.append('u').append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
            plainFrom = i + 1;
        }
        json.append(text, plainFrom, text.length()).append('"');
    }
}
