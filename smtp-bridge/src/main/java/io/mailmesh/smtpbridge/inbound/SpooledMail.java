package io.mailmesh.smtpbridge.inbound;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A received mail as it will be stored: the trace header lines, then the DATA read in chunks. Up to
 * {@code memoryLimit} bytes stay in one heap buffer; past it everything goes to a temporary file (owner-only,
 * deleted on {@link #close}), so a session holds at most {@code memoryLimit} bytes of its mail in heap whatever
 * the mail's size. The raw id (the SHA-256 of the DATA without its trailing line breaks) is computed as it is read.
 */
final class SpooledMail implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;

    private final byte[] prefix;
    private final Path dir;
    private final int memoryLimit;
    private MessageDigest sha;
    private MessageDigest withBreaks;
    private ExposedBuffer memory;
    private Path file;
    private OutputStream fileOut;
    private long size;
    private String rawId;

    private SpooledMail(byte[] prefix, Path dir, int memoryLimit) {
        this.prefix = prefix;
        this.dir = dir;
        this.memoryLimit = memoryLimit;
        // holds a usual mail; a larger first buffer, zeroed for every mail, showed in the CPU profile of bin/bench e2e
        this.memory = new ExposedBuffer(Math.min(memoryLimit, 32 * 1024));
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown when the DATA exceeds the size limit; the rest of it has been read and dropped. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("message too large");
        }
    }

    /**
     * Reads {@code data} to its end.
     *
     * @param prefix  bytes stored before the DATA (the trace header lines)
     * @param maxSize the largest DATA accepted
     * @throws TooLarge when the DATA has more than {@code maxSize} bytes (then drained, nothing kept)
     */
    static SpooledMail read(InputStream data, byte[] prefix, int maxSize, Path dir, int memoryLimit)
            throws IOException, TooLarge {
        SpooledMail mail = new SpooledMail(prefix, dir, memoryLimit);
        boolean done = false;
        try {
            mail.write(prefix, 0, prefix.length);
            byte[] chunk = new byte[CHUNK];
            long dataSize = 0;
            for (int n = data.read(chunk); n != -1; n = data.read(chunk)) {
                dataSize += n;
                if (dataSize > maxSize) {
                    data.transferTo(OutputStream.nullOutputStream());
                    throw new TooLarge();
                }
                mail.digest(chunk, n);
                mail.write(chunk, 0, n);
            }
            mail.finish();
            done = true;
            return mail;
        } finally {
            if (!done) {
                mail.close();
            }
        }
    }

    /** {@code smtp-} and the base64url SHA-256 of the DATA without its trailing line breaks. */
    String rawId() {
        return rawId;
    }

    /** Bytes to store: the prefix and the DATA. */
    long size() {
        return size;
    }

    /** Whether the mail spilled to a temporary file. */
    boolean spilled() {
        return file != null;
    }

    /** The bytes to store, from the heap buffer or the temporary file; each call starts from the beginning. */
    InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(memory.array(), 0, memory.size())
                : Files.newInputStream(file);
    }

    /**
     * {@code sha} holds the digest up to the last byte that is not a line break; the line breaks read after it go
     * into a copy of it ({@code withBreaks}), which becomes the digest once something else follows them. So a run of
     * line breaks, however long, is never buffered.
     */
    private void digest(byte[] chunk, int n) {
        int last = n - 1;
        while (last >= 0 && (chunk[last] == '\r' || chunk[last] == '\n')) {
            last--;
        }
        if (last >= 0) {
            if (withBreaks != null) {
                sha = withBreaks;
                withBreaks = null;
            }
            sha.update(chunk, 0, last + 1);
        }
        if (last < n - 1) {
            if (withBreaks == null) {
                withBreaks = copy(sha);
            }
            withBreaks.update(chunk, last + 1, n - last - 1);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JVM cannot be copied", e);
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        size += length;
        if (fileOut == null && memory.size() + length <= memoryLimit) {
            memory.write(bytes, offset, length);
            return;
        }
        if (fileOut == null) {
            file = Files.createTempFile(dir, "inbound-", ".eml"); // rw for the owner only on POSIX systems
            fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), CHUNK);
            fileOut.write(memory.array(), 0, memory.size());
            memory = null;
        }
        fileOut.write(bytes, offset, length);
    }

    private void finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
        rawId = "smtp-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    /** Deletes the temporary file, if any. */
    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
        memory = null;
    }

    /** A heap buffer read in place (no copy of its bytes to hand them on). */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer(int initial) {
            super(initial);
        }

        byte[] array() {
            return buf;
        }
    }
}
