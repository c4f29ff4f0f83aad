package io.mailmesh.apiemitter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Coverage-guided fuzzing of the gateway's ingress parser with Jazzer: whatever the bytes, it either gives a
 * message whose topic is a string and whose payload is a JSON object without the gateway's keys, or refuses with
 * its own {@link Rejection} giving a reason. Any other exception is a finding.
 *
 * <p>{@code mvn verify} fuzzes for 4 s (the pom sets JAZZER_FUZZ); {@link IngressParserLongFuzzTest} runs 10 minutes
 * on demand. Seeds: the envelope shapes and a few hostile ones in {@code IngressParserFuzzTestInputs}.
 */
class IngressParserFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "4s")
    void parseFailsOnlyWithARejection(byte[] raw) throws Exception {
        parseAnyBytes(raw);
    }

    /** The property fuzzed, shared with {@link IngressParserLongFuzzTest}. */
    static void parseAnyBytes(byte[] raw) throws Exception {
        IngressMessage message;
        try {
            message = IngressParser.parse(raw);
        } catch (Rejection expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return;
        }
        assertThat(message.topic()).isNotNull();
        var payload = JSON.readTree(message.payload());
        assertThat(payload.isObject()).isTrue();
        assertThat(payload.has("topic")).isFalse();
        assertThat(payload.has("wait")).isFalse();
    }
}
