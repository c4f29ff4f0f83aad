package io.mailmesh.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the order codec with Jazzer: whatever the bytes, decoding on any route either gives an
 * order that survives an encode/decode round trip, or fails with the codec's own {@link InvalidOrderException}
 * naming a problem; reading the order name or a reply from the same bytes never throws. Any other exception is a
 * finding (Jazzer saves the input under the test's resources and fails).
 *
 * <p>{@code mvn verify} fuzzes for 4 s (the pom sets JAZZER_FUZZ); {@link OrderCodecLongFuzzTest} runs 10 minutes
 * on demand (Jazzer fuzzes one test per JVM, so the long run is a class of its own). Seeds: the seed-002 golden
 * payloads and a few hostile ones in {@code OrderCodecFuzzTestInputs};
 * the corpus Jazzer grows is kept in {@code .cifuzz-corpus} (not committed).
 */
class OrderCodecFuzzTest {
    private static final OrderCodec CODEC = new OrderCodec();

    @FuzzTest(maxDuration = "4s")
    void decodeFailsOnlyWithItsOwnNamedErrors(byte[] payload) {
        decodeAnyBytes(payload);
    }

    /** The property fuzzed, shared with {@link OrderCodecLongFuzzTest}. */
    static void decodeAnyBytes(byte[] payload) {
        for (Route route : Routes.ALL) {
            try {
                Order order = CODEC.decode(route, payload);
                assertThat(CODEC.decode(route, CODEC.encode(order))).isEqualTo(order);
            } catch (InvalidOrderException expected) {
                assertThat(expected.problem()).isNotNull();
                assertThat(expected.getMessage()).startsWith(route.subject() + ": ");
            }
        }
        assertThat(OrderCodec.peekOrderName(payload)).isNotNull();
        assertThat(CODEC.decodeReply(payload)).isNotNull();
    }
}
