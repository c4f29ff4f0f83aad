package io.mailmesh.mqworker.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading mails whose multipart structure is unusual or damaged. */
class MailParserTest {
    private final MailParser parser = new MailParser();

    @Test
    void aOneLetterBoundaryMultipartGivesBothBodies() throws Exception {
        // given
        String raw = "From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n"
                + "\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbonjour b --b\r\n--b\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<b>bonjour</b>\r\n--b--\r\n";
        // when
        ParsedMail mail = parser.parse(raw.getBytes(StandardCharsets.UTF_8));
        // then
        assertThat(mail.bodyPlain()).isEqualTo("bonjour b --b");
        assertThat(mail.bodyHtml()).isEqualTo("<b>bonjour</b>");
        assertThat(mail.warnings()).isEmpty();
    }

    @Test
    void aPartWhoseFirstHeaderLineIsAContinuationIsReadWithAWarning() throws Exception {
        // given a part whose header starts with a blank line and a continuation, which Jakarta Mail's header reader
        // fails on with an IndexOutOfBoundsException
        String raw = "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + " \r\n\tfolded\r\n\r\nthe text\r\n--b--\r\n";
        // when
        ParsedMail mail = parser.parse(raw.getBytes(StandardCharsets.UTF_8));
        // then
        assertThat(mail.bodyPlain()).contains("the text");
        assertThat(mail.warnings()).anySatisfy(w -> assertThat(w).startsWith("unreadable multipart"));
    }
}
