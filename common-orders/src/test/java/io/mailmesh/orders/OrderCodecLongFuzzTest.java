package io.mailmesh.orders;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link OrderCodecFuzzTest}'s property fuzzed for 10 minutes, on demand only (the pom leaves {@code *LongFuzzTest}
 * out of every default run): {@code ./mvnw -pl common-orders test-compile surefire:test@fuzz
 * -Dtest=OrderCodecLongFuzzTest}. Its seeds are the short test's (a link to the same folder).
 */
class OrderCodecLongFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decodeFailsOnlyWithItsOwnNamedErrors(byte[] payload) {
        OrderCodecFuzzTest.decodeAnyBytes(payload);
    }
}
