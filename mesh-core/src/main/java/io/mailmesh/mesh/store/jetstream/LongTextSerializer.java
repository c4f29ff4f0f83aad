package io.mailmesh.mesh.store.jetstream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * Writes a long text (a mail body) as a JSON string encoded to UTF-8 and escaped in one pass over its characters.
 * Jackson's own paths (character by character, or the JDK's encoder followed by its byte escaper) were a third of
 * the CPU of storing an imported mail. The bytes are Jackson's, except that a character beyond the Basic
 * Multilingual Plane (an emoji) is written as its four UTF-8 bytes where Jackson writes an escaped surrogate pair. Short
 * strings take the usual path. A lone surrogate, which no valid text holds, becomes '?' (as the JDK's encoder makes
 * it).
 */
final class LongTextSerializer extends StdScalarSerializer<String> {
    static final int MIN_LENGTH = 256;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    LongTextSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value.length() < MIN_LENGTH || !(gen instanceof UTF8JsonGenerator)) {
            gen.writeString(value);
            return;
        }
        Escaped escaped = escape(value);
        gen.writeRawUTF8String(escaped.bytes(), 0, escaped.length());
    }

    /** UTF-8 bytes of a JSON string's content, without its quotes. */
    record Escaped(byte[] bytes, int length) {
    }

    /** {@code text} as UTF-8 with the escapes Jackson writes by default. */
    static Escaped escape(String text) {
        int n = text.length();
        char[] chars = new char[n];
        text.getChars(0, n, chars, 0);
        // 3 bytes per character at most, except a six-byte escape of a control character, for which room is made
        byte[] out = new byte[3 * n + 16];
        int o = 0;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[o++] = (byte) c;
                    continue;
                }
                if (out.length - o < 6 + 3 * (n - i)) {
                    out = Arrays.copyOf(out, out.length + 6 * (n - i) + 16);
                }
                o = escapeAscii(out, o, c);
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                out[o++] = (byte) (0xF0 | (cp >> 18));
                out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[o++] = '?';
            }
        }
        return new Escaped(out, o);
    }

    private static int escapeAscii(byte[] out, int o, char c) {
        out[o++] = '\\';
        switch (c) {
            case '"', '\\' -> out[o++] = (byte) c;
            case '\b' -> out[o++] = 'b';
            case '\t' -> out[o++] = 't';
            case '\n' -> out[o++] = 'n';
            case '\f' -> out[o++] = 'f';
            case '\r' -> out[o++] = 'r';
            default -> {
                out[o++] = 'u';
                out[o++] = '0';
                out[o++] = '0';
                out[o++] = HEX[c >> 4];
                out[o++] = HEX[c & 0xF];
            }
        }
        return o;
    }
}
