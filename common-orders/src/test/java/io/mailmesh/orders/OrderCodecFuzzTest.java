package io.mailmesh.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Coverage-guided fuzzing of the order codec with Jazzer: whatever the bytes, decoding on any route either gives an
 * order that survives an encode/decode round trip, or fails with the codec's own {@link InvalidOrderException}
 * naming a problem; reading the order name or a reply from the same bytes never throws. Any other exception is a
 * finding (Jazzer saves the input under the test's resources and fails).
 *
 * <p>{@code mvn verify} fuzzes for 4 s (the pom sets JAZZER_FUZZ); {@code -Dfuzz.long=true} runs the 10-minute
 * target instead. Seeds: the seed-002 golden payloads and a few hostile ones in {@code OrderCodecFuzzTestInputs};
 * the corpus Jazzer grows is kept in {@code .cifuzz-corpus} (not committed).
 */
class OrderCodecFuzzTest {
    private final OrderCodec codec = new OrderCodec();

    @FuzzTest(maxDuration = "4s")
    @DisabledIfSystemProperty(named = "fuzz.long", matches = "true")
    void decodeFailsOnlyWithItsOwnNamedErrors(byte[] payload) {
        decodeAnyBytes(payload);
    }

    @FuzzTest(maxDuration = "10m")
    @EnabledIfSystemProperty(named = "fuzz.long", matches = "true")
    void decodeFailsOnlyWithItsOwnNamedErrorsAtLength(byte[] payload) {
        decodeAnyBytes(payload);
    }

    private void decodeAnyBytes(byte[] payload) {
        for (Route route : Routes.ALL) {
            try {
                Order order = codec.decode(route, payload);
                assertThat(codec.decode(route, codec.encode(order))).isEqualTo(order);
            } catch (InvalidOrderException expected) {
                assertThat(expected.problem()).isNotNull();
                assertThat(expected.getMessage()).startsWith(route.subject() + ": ");
            }
        }
        assertThat(OrderCodec.peekOrderName(payload)).isNotNull();
        assertThat(codec.decodeReply(payload)).isNotNull();
    }
}
