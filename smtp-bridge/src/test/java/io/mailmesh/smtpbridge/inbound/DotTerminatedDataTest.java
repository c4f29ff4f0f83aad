package io.mailmesh.smtpbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.internal.io.DotTerminatedInputStream;
import org.subethamail.smtp.internal.io.DotUnstuffingInputStream;

/**
 * The chunked DATA reader against subethasmtp's byte-wise one: the same mail bytes, and the session's stream left
 * at the same place (the terminator, then the next command) whatever the chunking of the socket.
 */
class DotTerminatedDataTest {
    private static final byte[] NEXT = ".\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void givenStuffedDotsAndAPipelinedCommand_whenRead_thenDotsAreUnstuffedAndTheTerminatorIsLeftForTheSession()
            throws IOException {
        byte[] wire = ascii("Subject: a\r\n\r\n..leading dot\r\nmid.dot\r\n...\r\n.\r\nQUIT\r\n");
        InputStream session = new BufferedInputStream(new ByteArrayInputStream(wire), 8192);

        byte[] data = new DotTerminatedData(session).readAllBytes();

        assertThat(new String(data, StandardCharsets.US_ASCII))
                .isEqualTo("Subject: a\r\n\r\n.leading dot\r\nmid.dot\r\n..\r\n");
        assertThat(session.readAllBytes()).isEqualTo(NEXT);
    }

    @Test
    void givenAnEmptyMail_whenRead_thenNothingIsReadAndTheTerminatorStaysInTheSessionStream() throws IOException {
        InputStream session = new BufferedInputStream(new ByteArrayInputStream(NEXT), 8192);

        assertThat(new DotTerminatedData(session).read()).isEqualTo(-1);
        assertThat(session.readAllBytes()).isEqualTo(NEXT);
    }

    @Test
    void givenMailsEndingAroundEveryChunkBoundaryAndASocketGivingFewBytesAtATime_whenRead_thenAsSubethasmtpReadsThem()
            throws IOException {
        Random random = new Random(11);
        for (int size = 8180; size < 8210; size++) {
            for (int piece : new int[] {1, 2, 3, 7, 4096, 8191, 8192, 100_000}) {
                byte[] mail = mail(random, size);
                byte[] wire = concat(mail, NEXT);

                InputStream ours = new BufferedInputStream(new Trickle(wire, piece), 8192);
                byte[] read = readInOddSizes(new DotTerminatedData(ours), random);
                InputStream theirs = new BufferedInputStream(new Trickle(wire, piece), 8192);
                byte[] expected = new DotUnstuffingInputStream(new DotTerminatedInputStream(theirs)).readAllBytes();

                assertThat(read).as("size %d, piece %d", size, piece).isEqualTo(expected);
                assertThat(ours.readAllBytes()).as("left, size %d, piece %d", size, piece).isEqualTo(NEXT);
            }
        }
    }

    @Test
    void givenAConnectionClosedBeforeTheTerminator_whenRead_thenEndOfFileIsAnError() {
        byte[] wire = ascii("Subject: a\r\n\r\nbody\r\n.");
        InputStream session = new BufferedInputStream(new ByteArrayInputStream(wire), 8192);

        assertThatThrownBy(() -> new DotTerminatedData(session).readAllBytes()).isInstanceOf(EOFException.class);
    }

    /**
     * Random lines of CRLF, some starting with a dot or two, some with bare CR or LF inside, never a lone dot; the
     * first line starts with a letter (subethasmtp leaves a dot there stuffed, RFC 5321 and this reader do not).
     */
    private static byte[] mail(Random random, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 100);
        out.writeBytes(ascii("Subject: x\r\n"));
        while (out.size() < size) {
            int kind = random.nextInt(8);
            String line = switch (kind) {
                case 0 -> "..stuffed";
                case 1 -> "...";
                case 2 -> "a\rb\nc";
                case 3 -> "";
                case 4 -> ".\r.";
                default -> "text " + random.nextInt(1000);
            };
            out.writeBytes(ascii(line + "\r\n"));
        }
        return out.toByteArray();
    }

    private static byte[] readInOddSizes(InputStream in, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[20_000];
        while (true) {
            if (random.nextInt(10) == 0) {
                int c = in.read();
                if (c == -1) {
                    return out.toByteArray();
                }
                out.write(c);
                continue;
            }
            int n = in.read(buffer, 0, 1 + random.nextInt(buffer.length - 1));
            if (n == -1) {
                return out.toByteArray();
            }
            out.write(buffer, 0, n);
        }
    }

    /** A socket that gives at most {@code piece} bytes per read and never says more are available. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int piece;

        Trickle(byte[] bytes, int piece) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.piece = piece;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, Math.min(len, piece));
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
