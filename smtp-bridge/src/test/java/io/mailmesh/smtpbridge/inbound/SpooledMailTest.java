package io.mailmesh.smtpbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A received mail's spool: heap up to its limit, a temporary file past it, the raw id computed as it is read. */
class SpooledMailTest {
    private static final byte[] TRACE = "Received: from x\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void givenAMailWithinTheMemoryLimit_whenSpooled_thenItStaysInHeapAndReadsBackPrefixedWithTheSameRawId()
            throws Exception {
        byte[] data = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

        try (SpooledMail mail = SpooledMail.read(new ByteArrayInputStream(data), TRACE, 1024, dir, 1024)) {
            assertThat(mail.spilled()).isFalse();
            assertThat(read(mail)).isEqualTo(concat(TRACE, data));
            assertThat(mail.size()).isEqualTo(TRACE.length + data.length);
            assertThat(mail.rawId()).isEqualTo(InboundDelivery.rawId(data));
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void givenAMailPastTheMemoryLimit_whenSpooled_thenItGoesToAFileThatIsDeletedOnClose() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);

        SpooledMail mail = SpooledMail.read(new ByteArrayInputStream(data), TRACE, 1_000_000, dir, 64 * 1024);
        try (mail) {
            assertThat(mail.spilled()).isTrue();
            assertThat(read(mail)).isEqualTo(concat(TRACE, data));
            assertThat(mail.rawId()).isEqualTo(InboundDelivery.rawId(data));
            try (var files = Files.list(dir)) {
                assertThat(files).hasSize(1);
            }
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void givenTrailingLineBreaksAcrossChunks_whenSpooled_thenTheRawIdIgnoresThemAsTheWholeMailHashDoes()
            throws Exception {
        // line breaks inside the mail, then 40,000 of them at its end: they span several read chunks
        byte[] text = "a\r\n\r\nb\n\r".getBytes(StandardCharsets.US_ASCII);
        byte[] data = concat(text, "\r\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII));
        byte[] onlyBreaks = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        try (SpooledMail mail = SpooledMail.read(new ByteArrayInputStream(data), TRACE, 100_000, dir, 1024);
             SpooledMail same = SpooledMail.read(new ByteArrayInputStream(text), TRACE, 100_000, dir, 1024);
             SpooledMail empty = SpooledMail.read(new ByteArrayInputStream(new byte[0]), TRACE, 100, dir, 1024);
             SpooledMail breaks = SpooledMail.read(new ByteArrayInputStream(onlyBreaks), TRACE, 100, dir, 1024)) {
            assertThat(mail.rawId()).isEqualTo(InboundDelivery.rawId(data)).isEqualTo(same.rawId());
            assertThat(empty.rawId()).isEqualTo(InboundDelivery.rawId(new byte[0])).isEqualTo(breaks.rawId());
            assertThat(read(empty)).isEqualTo(TRACE);
        }
    }

    @Test
    void givenAMailOverTheSizeLimit_whenSpooled_thenTooLargeWithTheDataDrainedAndNoFileLeft() throws Exception {
        byte[] data = new byte[200_000];
        Arrays.fill(data, (byte) 'x');
        InputStream in = new ByteArrayInputStream(data);

        assertThatThrownBy(() -> SpooledMail.read(in, TRACE, 100_000, dir, 1024))
                .isInstanceOf(SpooledMail.TooLarge.class);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(dir).isEmptyDirectory();
    }

    private static byte[] read(SpooledMail mail) throws IOException {
        try (InputStream in = mail.open()) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
