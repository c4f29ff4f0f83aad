package io.mailmesh.mesh.emit;

import io.nats.client.impl.Headers;

/**
 * The one place header values are made safe before the mesh writes them (replies, dead letters, emitted orders).
 * jnats refuses any header value outside printable ASCII, and an error text quoting an order's own bytes (a
 * non-ASCII order name, an id with CR/LF) would otherwise make the whole reply or dead letter fail. The rule:
 * printable ASCII (0x20-0x7E) is kept; CR, LF, tab and every other control character become a space; every other
 * UTF-16 unit is written {@code \}{@code uXXXX} (a character beyond the BMP as its two surrogates); the result is at
 * most {@value #MAX_LENGTH} characters, a longer one cut and ended with {@value #CUT_MARK}. The JSON body carries
 * the full text: headers are a summary for tools that read only them.
 */
public final class HeaderValues {
    /** Long enough for any message the mesh writes itself; an echo of a hostile payload is cut. */
    public static final int MAX_LENGTH = 512;
    static final String CUT_MARK = "...";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderValues() {
    }

    /** {@code value} as a header value jnats and every NATS client accept; null becomes empty. */
    public static String safe(String value) {
        if (value == null) {
            return "";
        }
        if (isSafe(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 16);
        int room = MAX_LENGTH - CUT_MARK.length();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int width = isPrintableAscii(c) || c < 0x20 || c == 0x7F ? 1 : 6;
            if (out.length() + width > room && !fitsToTheEnd(value, i, out.length())) {
                return out.append(CUT_MARK).toString();
            }
            if (isPrintableAscii(c)) {
                out.append(c);
            } else if (c < 0x20 || c == 0x7F) {
                out.append(' ');
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** Puts {@code safe(value)} under {@code name}, a name the mesh chose (always a valid header name). */
    public static void put(Headers headers, String name, String value) {
        headers.put(name, safe(value));
    }

    /**
     * Copies an order's own headers into {@code target}, each value made safe; a header whose name jnats refuses
     * (it came from another client) is left out rather than failing the copy.
     */
    public static void copyInto(Headers target, Headers original, String skipName) {
        if (original == null) {
            return;
        }
        original.entrySet().forEach(entry -> {
            if (entry.getKey().equals(skipName)) {
                return;
            }
            try {
                target.put(entry.getKey(), entry.getValue().stream().map(HeaderValues::safe).toList());
            } catch (IllegalArgumentException unacceptableName) {
                // a name only another client could have written; the payload itself is kept whole
            }
        });
    }

    private static boolean isSafe(String value) {
        if (value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isPrintableAscii(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the rest of {@code value} from {@code from} fits without cutting (then no mark is needed). */
    private static boolean fitsToTheEnd(String value, int from, int written) {
        int length = written;
        for (int i = from; i < value.length() && length <= MAX_LENGTH; i++) {
            char c = value.charAt(i);
            length += isPrintableAscii(c) || c < 0x20 || c == 0x7F ? 1 : 6;
        }
        return length <= MAX_LENGTH;
    }

    private static boolean isPrintableAscii(char c) {
        return c >= 0x20 && c <= 0x7E;
    }
}
