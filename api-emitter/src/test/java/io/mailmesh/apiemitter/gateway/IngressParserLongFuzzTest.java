package io.mailmesh.apiemitter.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link IngressParserFuzzTest}'s property fuzzed for 10 minutes, on demand only (the pom leaves
 * {@code *LongFuzzTest} out of every default run): {@code ./mvnw -pl api-emitter test-compile surefire:test@fuzz
 * -Dtest=IngressParserLongFuzzTest}. Its seeds are the short test's (a link to the same folder).
 */
class IngressParserLongFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parseFailsOnlyWithARejection(byte[] raw) throws Exception {
        IngressParserFuzzTest.parseAnyBytes(raw);
    }
}
