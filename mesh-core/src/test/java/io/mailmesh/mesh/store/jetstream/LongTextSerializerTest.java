package io.mailmesh.mesh.store.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Long texts in stored records are written byte for byte as Jackson writes them. */
class LongTextSerializerTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final char[] ALPHABET = ("abc XYZ 019 \"\\/'<>&\u0000\u0001\u0008\t\n\u000B\f\r\u001F\u007F"
            + "\u0080\u00E9\u00FC\u07FF\u0800\u2014\u20AC\uFFFD\uFFFF").toCharArray();

    @Test
    void randomLongTextsAreWrittenAsJacksonWritesThem() throws Exception {
        // given texts of every character class JSON escapes or UTF-8 encodes differently
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> record = Map.of("body", randomText(random, false));
            // when
            byte[] ours = Json.write(record);
            // then
            byte[] jackson = JACKSON.writeValueAsBytes(record);
            int at = java.util.Arrays.mismatch(ours, jackson);
            assertThat(at).as("first differing byte of text %d: ours %s, Jackson's %s", i, around(ours, at),
                    around(jackson, at)).isEqualTo(-1);
        }
    }

    @Test
    void charactersBeyondTheBasicPlaneAreWrittenAsUtf8AndReadBackUnchanged() throws Exception {
        // given texts with characters beyond the BMP (emoji...), which Jackson would write as escaped surrogate pairs
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            String text = randomText(random, true);
            // when
            byte[] ours = Json.write(Map.of("body", text));
            // then
            assertThat(JACKSON.readTree(ours).get("body").asText()).isEqualTo(text);
            assertThat(new String(ours, StandardCharsets.UTF_8)).doesNotContain("\\uD8", "\\uD9", "\\uDA",
                    "\\uDB");
        }
    }

    private static String randomText(Random random, boolean beyondTheBasicPlane) {
        StringBuilder text = new StringBuilder();
        int length = LongTextSerializer.MIN_LENGTH + random.nextInt(3_000);
        while (text.length() < length) {
            if (beyondTheBasicPlane && random.nextInt(20) == 0) {
                text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
            } else {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
        }
        return text.toString();
    }

    private static String around(byte[] bytes, int at) {
        if (at < 0) {
            return "";
        }
        int from = Math.max(0, at - 8);
        return java.util.Arrays.toString(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, at + 8)));
    }

    @Test
    void aTextOfControlCharactersOnlyIsWrittenAsJacksonWritesIt() throws Exception {
        // given a text whose every character takes a six-byte escape, twice the room first made for it
        Map<String, String> record = Map.of("body", "\u0001".repeat(LongTextSerializer.MIN_LENGTH) + "\u00e9x");
        // when
        byte[] ours = Json.write(record);
        // then
        assertThat(ours).isEqualTo(JACKSON.writeValueAsBytes(record));
    }

    @Test
    void aLoneSurrogateIsWrittenAsAQuestionMark() {
        // given
        String text = "x".repeat(LongTextSerializer.MIN_LENGTH) + "\uD800y\uDC00";
        // when
        byte[] ours = Json.write(Map.of("body", text));
        // then
        assertThat(new String(ours, StandardCharsets.UTF_8)).endsWith("x?y?\"}");
    }
}
