package io.mailmesh.apiemitter.fanout;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a fanout line may hold: UTF-8 text without control characters (tab excepted). A CR, NUL or escape sequence
 * inside a message would corrupt the line framing or the terminal of every subscriber, so it is refused rather
 * than passed on. The same rule holds for client lines and for messages arriving from NATS.
 */
final class LineText {
    private LineText() {
    }

    /** The text of {@code bytes}, or throws {@link Refused} saying what is wrong with it. */
    static String decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("invalid_utf8", "line is not valid UTF-8");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new Refused("control_character", String.format("control character 0x%02X at position %d "
                        + "refused (no CR, NUL or escapes inside a line)", (int) c, i));
            }
        }
        return text;
    }

    /** A line refused, with a metric tag and a reason for the client. */
    static final class Refused extends RuntimeException {
        private final String tag;

        Refused(String tag, String reason) {
            super(reason, null, false, false);
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }
}
