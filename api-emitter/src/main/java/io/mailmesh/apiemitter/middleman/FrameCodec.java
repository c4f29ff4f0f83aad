package io.mailmesh.apiemitter.middleman;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes seed 003's frames: {@code COMMAND TARGET\nHeader:Value\n…\n\nBody\n.\n}. The body ends with a
 * line holding a single dot, as in SMTP; a body line that starts with a dot carries one more (dot-stuffing). A line
 * may end in CRLF (the CR is dropped, except in the body, which is kept byte for byte); a CR anywhere else is
 * refused. SUB, UNSUB, EPUB, ESUB and EREQ may also be the command line alone. Anything else gets a
 * {@link FrameException} naming what is wrong: this class never throws anything else, whatever the text.
 */
public final class FrameCodec {
    /** Most headers one frame may carry. */
    public static final int MAX_HEADERS = 32;
    /** Longest ReqID, header name or header value. */
    public static final int MAX_HEADER_LENGTH = 1024;
    public static final int MAX_REQ_ID_LENGTH = 128;

    private FrameCodec() {
    }

    /** Parses one text frame of at most {@code maxBytes} bytes of UTF-8. */
    public static Frame parse(String text, int maxBytes) throws FrameException {
        if (utf8Length(text, maxBytes) > maxBytes) {
            throw new FrameException("too_large", "the frame is over the limit of " + maxBytes + " bytes");
        }
        int firstEnd = text.indexOf('\n');
        String commandLine = stripCr(firstEnd < 0 ? text : text.substring(0, firstEnd), "the command line");
        int space = commandLine.indexOf(' ');
        String word = space < 0 ? commandLine : commandLine.substring(0, space);
        Command command = Command.of(word).orElseThrow(() -> new FrameException("unknown_command",
                "unknown command " + quoted(word) + "; expected one of PUB, SUB, REQ, RES, EPUB, ESUB, EREQ, UNSUB"));
        if (space < 0 || space == commandLine.length() - 1) {
            throw new FrameException("no_target", command + " needs a target: " + command + " <target>");
        }
        String target = commandLine.substring(space + 1);
        Optional<String> refusal = Targets.refusal(target);
        if (refusal.isPresent()) {
            throw new FrameException("bad_target", refusal.get());
        }
        boolean commandLineOnly = firstEnd < 0 || firstEnd == text.length() - 1;
        if (commandLineOnly) {
            if (command.carriesBody()) {
                throw new FrameException("unterminated", command + " needs headers, a blank line and a body ending "
                        + "with a line holding a single dot", target, null);
            }
            return new Frame(command, target, Map.of(), "");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int position = firstEnd + 1;
        while (true) {
            int end = text.indexOf('\n', position);
            if (end < 0) {
                throw new FrameException("unterminated", "the headers end without the blank line and the body's "
                        + "terminating dot line", target, null);
            }
            String line = stripCr(text.substring(position, end), "a header line");
            position = end + 1;
            if (line.isEmpty()) {
                break;
            }
            header(line, headers, target);
        }
        String body = body(text, position, target, headers);
        Frame frame = new Frame(command, target, headers, body);
        if (command.needsReqId()) {
            String reqId = frame.reqId();
            if (reqId == null || reqId.isBlank()) {
                throw new FrameException("no_reqid", command + " must carry a ReqID header", target, null);
            }
            if (reqId.length() > MAX_REQ_ID_LENGTH) {
                throw new FrameException("bad_reqid", "the ReqID is longer than " + MAX_REQ_ID_LENGTH
                        + " characters", target, null);
            }
        }
        return frame;
    }

    private static void header(String line, Map<String, String> headers, String target) throws FrameException {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new FrameException("bad_header", "a header line must be Name:Value (a blank line ends the "
                    + "headers)", target, null);
        }
        String name = line.substring(0, colon);
        String value = line.substring(colon + 1).strip();
        if (name.length() > MAX_HEADER_LENGTH || value.length() > MAX_HEADER_LENGTH) {
            throw new FrameException("bad_header", "a header name or value is longer than " + MAX_HEADER_LENGTH
                    + " characters", target, null);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new FrameException("bad_header", "a header name holds only visible ASCII characters",
                        target, null);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c > '~') {
                throw new FrameException("bad_header", "header " + name + " holds a control or non-ASCII "
                        + "character (header values are printable ASCII; the body is UTF-8)", target, null);
            }
        }
        if (headers.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
            throw new FrameException("bad_header", "header " + name + " appears twice", target, null);
        }
        if (headers.size() == MAX_HEADERS) {
            throw new FrameException("bad_header", "more than " + MAX_HEADERS + " headers", target, null);
        }
        headers.put(name, value);
    }

    private static String body(String text, int position, String target, Map<String, String> headers)
            throws FrameException {
        StringBuilder body = new StringBuilder(Math.max(0, text.length() - position));
        boolean first = true;
        String reqId = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(Frame.REQ_ID))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        while (true) {
            int end = text.indexOf('\n', position);
            String line = end < 0 ? text.substring(position) : text.substring(position, end);
            if (line.equals(".") || line.equals(".\r")) {
                if (end >= 0 && end != text.length() - 1) {
                    throw new FrameException("trailing_data", "text follows the body's terminating dot line; send "
                            + "one frame per WebSocket message", target, reqId);
                }
                return body.toString();
            }
            if (end < 0) {
                throw new FrameException("unterminated", "the body does not end with a line holding a single dot",
                        target, reqId);
            }
            if (!first) {
                body.append('\n');
            }
            first = false;
            body.append(line.startsWith(".") ? line.substring(1) : line);
            position = end + 1;
        }
    }

    /** Writes a frame: its headers in order, the body dot-stuffed and terminated. */
    public static String encode(Command command, String target, Map<String, String> headers, String body) {
        StringBuilder out = new StringBuilder(command.name().length() + target.length() + body.length() + 64);
        out.append(command.name()).append(' ').append(target).append('\n');
        headers.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        out.append('\n');
        appendBody(out, body);
        return out.toString();
    }

    /**
     * An error frame: {@code ERR <target or ->}, a {@code Code} header (machine-readable), the ReqID when the
     * refused frame had one, and the reason as the body.
     */
    public static String error(String target, String reqId, String code, String reason) {
        StringBuilder out = new StringBuilder(96 + reason.length());
        out.append("ERR ").append(target == null ? "-" : target).append('\n').append("Code:").append(code)
                .append('\n');
        if (reqId != null && Targets.isPrintableAscii(reqId)) {
            out.append(Frame.REQ_ID).append(':').append(reqId).append('\n');
        }
        out.append('\n');
        appendBody(out, reason);
        return out.toString();
    }

    private static void appendBody(StringBuilder out, String body) {
        if (!body.isEmpty()) {
            int start = 0;
            while (start <= body.length()) {
                int end = body.indexOf('\n', start);
                String line = end < 0 ? body.substring(start) : body.substring(start, end);
                if (line.startsWith(".")) {
                    out.append('.');
                }
                out.append(line).append('\n');
                if (end < 0) {
                    break;
                }
                start = end + 1;
            }
        }
        out.append(".\n");
    }

    private static String stripCr(String line, String what) throws FrameException {
        String stripped = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (stripped.indexOf('\r') >= 0) {
            throw new FrameException("bad_line_end", what + " holds a CR that does not end the line");
        }
        return stripped;
    }

    /** The UTF-8 length of {@code text}, counted only as far as needed to know it exceeds {@code limit}. */
    static long utf8Length(String text, int limit) {
        if ((long) text.length() * 3 <= limit) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String quoted(String word) {
        String shown = word.length() > 32 ? word.substring(0, 32) + "…" : word;
        return Targets.isPrintableAscii(shown) ? "\"" + shown + "\"" : "(not printable ASCII)";
    }
}
