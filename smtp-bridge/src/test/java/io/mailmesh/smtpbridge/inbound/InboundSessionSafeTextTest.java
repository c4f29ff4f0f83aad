package io.mailmesh.smtpbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a peer sends (HELO name, MAIL FROM, RCPT TO) goes into the trace header and replies as printable ASCII. */
class InboundSessionSafeTextTest {
    @Test
    void givenControlsSpacesAndCharactersBeyondAscii_whenMadeSafe_thenEachCodePointBecomesOneQuestionMark() {
        String hostile = "a b\r\nX-Injected: 1\tgrüße 😀\u0000<>";

        assertThat(InboundSession.safe(hostile)).isEqualTo("a?b??X-Injected:?1?gr??e???<>")
                .isEqualTo(hostile.replaceAll("[^\\x21-\\x7E]", "?"));
        assertThat(InboundSession.safe("plain@example.org")).isEqualTo("plain@example.org");
        assertThat(InboundSession.safe(null)).isEmpty();
    }
}
