package io.mailmesh.mqworker.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the body parts of a multipart body lie, found in one pass over its bytes by the rules Jakarta Mail's
 * {@code MimeMultipart.parse()} applies to a shared stream: the preamble runs up to the first line that is the
 * delimiter (trailing blanks ignored); each part (headers included) runs up to the next delimiter that starts the
 * content or follows a line end, and is followed by {@code --} (the close delimiter), or by blanks and a line end;
 * the line end before a delimiter belongs to the delimiter; a part whose headers reach the end of the bytes is
 * dropped; without a close delimiter the last part runs to the end and the layout is incomplete.
 *
 * @param parts    each part's {@code [start, end)} in the bytes
 * @param complete whether the close delimiter was found
 * @param preamble the non-empty preamble lines, each followed by the line separator, or null
 */
record MultipartLayout(List<int[]> parts, boolean complete, String preamble) {

    /**
     * The layout of {@code body} for delimiter {@code "--" + boundary}, or null when no line is the delimiter (a
     * case whose outcome, an error or an empty multipart, is left to Jakarta Mail).
     */
    static MultipartLayout of(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Scanner scanner = new Scanner(body, delimiter);
        return scanner.layout();
    }

    private static final class Scanner {
        private final byte[] b;
        private final byte[] delimiter;
        private int pos;
        private int lineStart;
        private int lineEnd;

        Scanner(byte[] body, byte[] delimiter) {
            this.b = body;
            this.delimiter = delimiter;
        }

        MultipartLayout layout() {
            String preamble = skipPreamble();
            if (preamble == null) {
                return null;
            }
            List<int[]> parts = new ArrayList<>();
            while (true) {
                int start = pos;
                if (!skipHeaders()) {
                    return new MultipartLayout(parts, false, preamble.isEmpty() ? null : preamble);
                }
                int contentStart = pos;
                Delimiter next = nextDelimiter(contentStart);
                if (next == null) {
                    parts.add(new int[] {start, b.length});
                    return new MultipartLayout(parts, false, preamble.isEmpty() ? null : preamble);
                }
                parts.add(new int[] {start, next.contentEnd});
                if (next.close) {
                    return new MultipartLayout(parts, true, preamble.isEmpty() ? null : preamble);
                }
                pos = next.after;
            }
        }

        /** Reads up to and past the first delimiter line; the preamble ("" if none), or null if there is none. */
        private String skipPreamble() {
            StringBuilder preamble = new StringBuilder();
            while (readLine()) {
                int end = lineEnd;
                while (end > lineStart && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
                    end--;
                }
                int length = end - lineStart;
                if (length == delimiter.length && delimiterAt(lineStart)) {
                    return preamble.toString();
                }
                if (length == delimiter.length + 2 && delimiterAt(lineStart) && b[end - 2] == '-'
                        && b[end - 1] == '-') {
                    return null; // a close delimiter before any part
                }
                if (length > 0) {
                    preamble.append(new String(b, lineStart, length, StandardCharsets.ISO_8859_1))
                            .append(System.lineSeparator());
                }
            }
            return null;
        }

        /** Reads lines up to and past the first empty one; false if the bytes end first. */
        private boolean skipHeaders() {
            while (readLine()) {
                if (lineEnd == lineStart) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Reads one line from {@code pos} the way Jakarta Mail's line reader does: it ends at LF, CR LF, CR CR LF or
         * a lone CR. False at the end of the bytes.
         */
        private boolean readLine() {
            if (pos >= b.length) {
                return false;
            }
            lineStart = pos;
            int i = pos;
            while (i < b.length && b[i] != '\n' && b[i] != '\r') {
                i++;
            }
            lineEnd = i;
            if (i == b.length) {
                pos = i;
            } else if (b[i] == '\n') {
                pos = i + 1;
            } else if (i + 1 < b.length && b[i + 1] == '\n') {
                pos = i + 2;
            } else if (i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') {
                pos = i + 3;
            } else {
                pos = i + 1;
            }
            return true;
        }

        /** The first delimiter at or after {@code from} that ends the current part, or null if the bytes end first. */
        private Delimiter nextDelimiter(int from) {
            int last = b.length - delimiter.length;
            int p = from;
            while (p <= last) {
                if (delimiterAt(p)) {
                    Delimiter found = delimiterEndingPart(from, p);
                    if (found != null) {
                        return found;
                    }
                }
                p = nextLineStart(p, last);
            }
            return null;
        }

        /** The next position after {@code p} that follows a CR or LF, or past {@code last}. */
        private int nextLineStart(int p, int last) {
            for (int i = p; i < last; i++) {
                if (b[i] == '\n' || b[i] == '\r') {
                    return i + 1;
                }
            }
            return last + 1;
        }

        /** The delimiter at {@code p} if it ends the part whose content starts at {@code from}, else null. */
        private Delimiter delimiterEndingPart(int from, int p) {
            int eol = 0;
            if (p > from) {
                byte before = b[p - 1];
                if (before != '\n' && before != '\r') {
                    return null;
                }
                eol = before == '\n' && p - 2 >= from && b[p - 2] == '\r' ? 2 : 1;
            }
            int q = p + delimiter.length;
            if (q < b.length && b[q] == '-') {
                return q + 1 < b.length && b[q + 1] == '-' ? new Delimiter(p - eol, true, q + 2) : null;
            }
            while (q < b.length && (b[q] == ' ' || b[q] == '\t')) {
                q++;
            }
            if (q >= b.length) {
                return null;
            }
            if (b[q] == '\n') {
                return new Delimiter(p - eol, false, q + 1);
            }
            if (b[q] == '\r') {
                return new Delimiter(p - eol, false, q + 1 < b.length && b[q + 1] == '\n' ? q + 2 : q + 1);
            }
            return null;
        }

        private boolean delimiterAt(int p) {
            return p + delimiter.length <= b.length
                    && java.util.Arrays.equals(b, p, p + delimiter.length, delimiter, 0, delimiter.length);
        }
    }

    /** A delimiter line: where the part before it ends, whether it closes the multipart, where the next part starts. */
    private record Delimiter(int contentEnd, boolean close, int after) {
    }
}
