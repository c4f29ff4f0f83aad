package io.mailmesh.mqworker.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.ExternalReferences;
import io.mailmesh.mesh.store.model.Message;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The discussion excerpt of a message. */
class ExcerptTest {
    private static Message withBody(String plain, String html, String subject) {
        return new Message("m1", "u1", "d1", false, true, true, false, List.of(), subject, plain, html, null,
                new ExternalReferences(null, null, List.of(), null), "r1", List.of("i1"), List.of(), List.of());
    }

    /** The definition: the whole text with regex whitespace runs collapsed, trimmed, cut at the excerpt length. */
    private static String reference(String text) {
        String collapsed = text.replaceAll("\\s+", " ").trim();
        return collapsed.length() <= MessageImporter.EXCERPT_LENGTH ? collapsed
                : collapsed.substring(0, MessageImporter.EXCERPT_LENGTH) + "…";
    }

    @Test
    void aLongPlainBodyGivesItsCollapsedStartWithAnEllipsis() {
        // given
        String body = "  Hello\r\n\r\n\tworld  " + "word ".repeat(2000);
        // when
        String excerpt = MessageImporter.excerpt(withBody(body, null, "s"));
        // then
        assertThat(excerpt).startsWith("Hello world word word").endsWith("…")
                .hasSize(MessageImporter.EXCERPT_LENGTH + 1);
        assertThat(excerpt).isEqualTo(reference(body));
    }

    @Test
    void randomBodiesWithWhitespaceAndControlCharactersMatchTheDefinition() {
        // given bodies of random length drawn from letters, regex whitespace and other control characters
        Random random = new Random(42);
        char[] alphabet = {'a', 'b', ' ', ' ', '\t', '\n', '\r', '\u000B', '\f', '\u0001', '\u001F', 'é', '\u00A0'};
        for (int round = 0; round < 5000; round++) {
            int length = random.nextInt(round % 2 == 0 ? 260 : 1200);
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < length; i++) {
                body.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = body.toString();
            // when
            String excerpt = MessageImporter.excerpt(withBody(text, null, "subject"));
            // then
            String expected = text.isBlank() ? "subject" : reference(text);
            assertThat(excerpt).as("body %s", text.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(expected.isEmpty() ? "subject" : expected);
        }
    }

    @Test
    void anHtmlOnlyBodyIsExcerptedWithoutTagsOrStyles() {
        // when
        String excerpt = MessageImporter.excerpt(withBody(null,
                "<html><style>p{color:red}</style><body><p>Hi&nbsp;there</p></body></html>", "s"));
        // then
        assertThat(excerpt).isEqualTo("Hi there");
    }
}
