package io.mailmesh.smtpbridge.inbound;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.server.Session;

/**
 * The DATA of a mail read in chunks from the session's buffered socket stream, dot-stuffing undone, up to the line
 * holding a lone dot. subethasmtp's own DATA stream reads it one byte at a time through three streams (a synchronized
 * {@code BufferedInputStream.read()} per byte), which was half of smtp-bridge's CPU per 20 KiB mail.
 *
 * <p>The terminating {@code .<CRLF>} itself is left unread in the session's stream: subethasmtp drains its own DATA
 * stream once the handler returns, and that stream then reads exactly those three bytes and ends, so the session
 * goes on with the next command as before. Bytes read past the terminator in a chunk (a pipelining client's next
 * command) are given back with {@link InputStream#reset()} on the session's stream, which supports marks. A line
 * starts after CRLF (or at the start of the DATA), as subethasmtp has it; a dot starting a line that is not the
 * terminator is dropped (RFC 5321, 4.5.2).
 */
final class DotTerminatedData extends InputStream {
    private static final int CHUNK = 8 * 1024;
    /** A dot at a chunk's end needs up to two more bytes to tell the terminator from a stuffed dot. */
    private static final int LOOKAHEAD = 2;
    private static final int LINE_START = 0;
    private static final int IN_LINE = 1;
    private static final int AFTER_CR = 2;

    private final InputStream raw;
    private final byte[] in = new byte[CHUNK + LOOKAHEAD];
    private final byte[] out = new byte[CHUNK + LOOKAHEAD];
    private int outPos;
    private int outEnd;
    private int state = LINE_START;
    private boolean ended;
    private boolean terminatorConsumed;

    DotTerminatedData(InputStream raw) {
        if (!raw.markSupported()) {
            throw new IllegalArgumentException("the session's stream must support marks");
        }
        this.raw = raw;
    }

    /**
     * The fast reader over the session's own stream when {@code context} is a subethasmtp session whose stream
     * supports marks, else {@code fallback} (subethasmtp's DATA stream) unchanged.
     */
    static InputStream of(MessageContext context, InputStream fallback) {
        if (context instanceof Session session && session.getRawInput() != null
                && session.getRawInput().markSupported()) {
            return new DotTerminatedData(session.getRawInput());
        }
        return fallback;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return out[outPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, outEnd - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    /**
     * Reads the terminating {@code .<CRLF>} left in the session's stream, once DATA has been read to its end.
     * subethasmtp drains its own DATA stream (and with it the terminator) only after an accepted mail: before a
     * refusal the terminator must be read here, or the session would take it for the next command.
     */
    void consumeTerminator() throws IOException {
        if (ended && !terminatorConsumed) {
            terminatorConsumed = true;
            if (raw.readNBytes(3).length != 3) {
                throw new EOFException("connection closed in the terminator of DATA");
            }
        }
    }

    @Override
    public int available() {
        return outEnd - outPos;
    }

    private boolean fill() throws IOException {
        while (outPos == outEnd) {
            if (ended) {
                return false;
            }
            decodeChunk();
        }
        return true;
    }

    /** Reads one chunk (blocking for at least one byte) and decodes it into {@link #out}. */
    private void decodeChunk() throws IOException {
        raw.mark(CHUNK + LOOKAHEAD); // never more read since the mark, so reset() is guaranteed to work
        int n = raw.read(in, 0, CHUNK);
        if (n == -1) {
            throw new EOFException("connection closed before the end of DATA");
        }
        int w = 0;
        int s = state;
        for (int i = 0; i < n; i++) {
            byte c = in[i];
            if (s == LINE_START && c == '.') {
                while (n < i + 1 + LOOKAHEAD) { // only at a chunk's end: one blocking byte at a time
                    int next = raw.read();
                    if (next == -1) {
                        throw new EOFException("connection closed before the end of DATA");
                    }
                    in[n++] = (byte) next;
                }
                if (in[i + 1] == '\r' && in[i + 2] == '\n') {
                    ended = true; // the terminator: leave it, and whatever follows, in the session's stream
                    raw.reset();
                    if (raw.readNBytes(in, 0, i) != i) {
                        throw new IOException("the session's stream did not give back the bytes read past DATA");
                    }
                    break;
                }
                s = IN_LINE; // a stuffed dot: dropped
                continue;
            }
            out[w++] = c;
            s = c == '\r' ? AFTER_CR : (s == AFTER_CR && c == '\n') ? LINE_START : IN_LINE;
        }
        state = s;
        outPos = 0;
        outEnd = w;
    }
}
