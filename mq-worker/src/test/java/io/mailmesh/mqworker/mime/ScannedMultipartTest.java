package io.mailmesh.mqworker.mime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataSource;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parts of a multipart body found by one scan are the parts Jakarta Mail's own parse finds. */
class ScannedMultipartTest {
    private static final String[] BOUNDARIES = {"b", "bb", "b-b", "=_x", "-", "----=_Part_0_1.2"};

    @Test
    void aWellFormedMultipartGivesTheSamePartsAsJakartaMail() throws Exception {
        // given
        String body = "preamble\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello --b not a delimiter\r\n"
                + "--b \t\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--b--\r\nepilogue";
        // when
        String scanned = describe(new ScannedMultipart(source(body, "b")));
        // then
        assertThat(scanned).isEqualTo(describe(new MimeMultipart(source(body, "b"))))
                .contains("hello --b not a delimiter").contains("<p>hi</p>").contains("complete=true");
    }

    @Test
    void aMultipartWithoutItsCloseDelimiterRunsItsLastPartToTheEnd() throws Exception {
        // given
        String body = "--b\nContent-Type: text/plain\n\nfirst\n--b\n\nlast line\n--b";
        // when
        String scanned = describe(new ScannedMultipart(source(body, "b")));
        // then
        assertThat(scanned).isEqualTo(describe(new MimeMultipart(source(body, "b"))))
                .contains("complete=false").contains("last line\n--b");
    }

    @Test
    void aBodyWithoutAnyDelimiterLineFailsAsInJakartaMail() throws Exception {
        // given
        String body = "no parts here\r\n--bb\r\n";
        // when
        String scanned = describe(new ScannedMultipart(source(body, "b")));
        // then
        assertThat(scanned).isEqualTo(describe(new MimeMultipart(source(body, "b")))).startsWith("error");
    }

    @Test
    void randomBodiesOfDelimiterFragmentsAndLineEndsGiveTheSamePartsAsJakartaMail() throws Exception {
        // given bodies drawn from delimiters, close delimiters, every kind of line end, blanks, dashes and text
        Random random = new Random(20261122);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 20_000 && mismatches.size() < 5; i++) {
            String boundary = BOUNDARIES[random.nextInt(BOUNDARIES.length)];
            String body = randomBody(random, boundary);
            // when
            String scanned = describe(new ScannedMultipart(source(body, boundary)));
            String reference = describe(new MimeMultipart(source(body, boundary)));
            // then
            if (!scanned.equals(reference)) {
                mismatches.add("boundary " + boundary + ", body " + escape(body) + "\n scanned:   " + escape(scanned)
                        + "\n reference: " + escape(reference));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aBodyThatIsNotASharedStreamIsLeftToJakartaMail() throws Exception {
        // given a data source whose stream is not shared (a decoded transfer encoding gives such a stream)
        String body = "--b\r\n\r\nonly\r\n--b--\r\n";
        DataSource plainStream = new Source(body.getBytes(StandardCharsets.ISO_8859_1), "b", false);
        // when
        String scanned = describe(new ScannedMultipart(plainStream));
        // then
        assertThat(scanned).isEqualTo(describe(new MimeMultipart(source(body, "b")))).contains("only");
    }

    private static String randomBody(Random random, String boundary) {
        String delimiter = "--" + boundary;
        String[] tokens = {delimiter, delimiter, delimiter + "--", "\r\n", "\r\n", "\n", "\r", " ", "\t", "-",
            "text", "X-H: v", "\r\n\r\n", "\n\n", boundary};
        StringBuilder body = new StringBuilder();
        if (random.nextBoolean()) {
            body.append(delimiter).append(random.nextBoolean() ? "\r\n" : "\n");
        }
        int length = random.nextInt(40);
        for (int t = 0; t < length; t++) {
            body.append(tokens[random.nextInt(tokens.length)]);
        }
        return body.toString();
    }

    /** Everything a reader of the multipart sees: its parts' headers and raw bytes, completeness, preamble. */
    private static String describe(MimeMultipart multipart) {
        try {
            StringBuilder out = new StringBuilder();
            int count = multipart.getCount();
            for (int i = 0; i < count; i++) {
                BodyPart part = multipart.getBodyPart(i);
                out.append("part ").append(i).append(" headers ")
                        .append(Collections.list(((MimeBodyPart) part).getAllHeaderLines()))
                        .append(" content [").append(raw((MimeBodyPart) part)).append("]\n");
            }
            return out.append("complete=").append(multipart.isComplete()).append(" preamble=")
                    .append(multipart.getPreamble()).toString();
        } catch (MessagingException | IOException | RuntimeException e) {
            return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String raw(MimeBodyPart part) throws MessagingException, IOException {
        try (InputStream in = part.getRawInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static DataSource source(String body, String boundary) {
        return new Source(body.getBytes(StandardCharsets.ISO_8859_1), boundary, true);
    }

    private static String escape(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    /** A multipart body as a message part's data source gives it: a shared stream over its bytes. */
    private record Source(byte[] bytes, String boundary, boolean shared) implements DataSource {
        @Override
        public InputStream getInputStream() {
            return shared ? new SharedByteArrayInputStream(bytes) : new ByteArrayInputStream(bytes);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("a mail's body is read-only");
        }

        @Override
        public String getContentType() {
            return "multipart/mixed; boundary=\"" + boundary + "\"";
        }

        @Override
        public String getName() {
            return "body";
        }
    }
}
