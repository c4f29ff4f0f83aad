package io.mailmesh.mesh.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ErrorCodeVocabularyTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A code written as a literal where a failure or an error reply is made, in any module. */
    private static final Pattern LITERAL_CODE = Pattern.compile("(?:OrderFailedException\\.(?:rejected|notFound"
            + "|unavailable)|Reply\\.failure|new Failure)\\(\\s*\"([^\"]*)\"");

    @Test
    void operationsMdListsEveryCode() throws IOException {
        // given the operators' guide
        String operations = Files.readString(ROOT.resolve("OPERATIONS.md"));

        // when each code of the vocabulary is looked up in it
        // then each is listed, in backquotes
        assertThat(ErrorCode.vocabulary()).allSatisfy(code -> assertThat(operations).contains("`" + code + "`"));
    }

    @Test
    void everyCodeTheExecutablesUseIsOneOfTheVocabulary() throws IOException {
        // given every literal code in the main sources of every module but the examples (extensions name their own
        // conditions: the vocabulary is the mesh's, not every extension's)
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")
                    && !ROOT.relativize(f).startsWith("examples"))
                    .toList()) {
                Matcher m = LITERAL_CODE.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }

        // when they are compared with the vocabulary
        // then none is outside it (a new condition gets its ErrorCode first)
        assertThat(used).isSubsetOf(ErrorCode.vocabulary());
    }

    @Test
    void codesAreTheConstantsInLowerCaseAndNeverRepeatACondition() {
        assertThat(ErrorCode.IDENTITY_NOT_OWNED.code()).isEqualTo("identity_not_owned");
        assertThat(ErrorCode.IDENTITY_NOT_FOUND.code()).isEqualTo("identity_not_found");
        assertThat(ErrorCode.vocabulary()).doesNotContain("wrong_user", "identity_mismatch", "unknown_identity")
                .hasSize(ErrorCode.values().length + io.mailmesh.orders.Problem.values().length);
        assertThat(ErrorCode.values()).allSatisfy(c -> assertThat(c.meaning()).isNotBlank());
    }
}
