package io.mailmesh.mesh.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds every environment variable an executable's sources read (the module's own, mesh-core's and
 * common-orders'), by the ways this code base reads them, so a test can check {@code --help} names each one.
 */
public final class EnvironmentScan {
    private static final String NAME = "([A-Z][A-Z0-9_]*)";
    private static final List<Pattern> READS = Stream.of(
            "getenv\\(\\s*\"" + NAME + "\"",                              // System.getenv("X")
            "\\$\\{env:" + NAME,                                         // picocli ${env:X:-default}
            "_VARIABLE\\s*=\\s*\"" + NAME + "\"",                          // X_VARIABLE = "X", read from a map
            "new EnvVariable\\(\\s*\"" + NAME + "\"",                     // the settings registry
            "\\benv\\w*\\.(?:get|getOrDefault|apply)\\(\\s*\"" + NAME + "\"", // env.get("X") on a map or function
            "\\benv\\(\\s*\"" + NAME + "\"",                              // a helper env("X", fallback)
            "\\$\\{" + NAME + ":-").map(Pattern::compile).toList();          // logback ${X:-default}

    private EnvironmentScan() {
    }

    /** The variables read in {@code module}'s main sources and in those of the modules every executable uses. */
    public static Set<String> variablesReadBy(String module) {
        return variablesReadIn(module, "mesh-core", "common-orders");
    }

    /** The variables read in these modules' main sources (Java and XML). */
    public static Set<String> variablesReadIn(String... modules) {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Set<String> names = new TreeSet<>();
        for (String m : new TreeSet<>(List.of(modules))) {
            names.addAll(variablesIn(root.resolve(m).resolve("src/main")));
        }
        return names;
    }

    static Set<String> variablesIn(Path sources) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".xml"))
                    .toList()) {
                String text = Files.readString(file);
                for (Pattern read : READS) {
                    Matcher m = read.matcher(text);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Asserts {@code help} names every variable {@code module}'s executable reads. */
    public static void assertHelpNamesEveryVariable(String help, String module) {
        Set<String> read = variablesReadBy(module);
        assertThat(read).as("variables found in the sources").contains("NATS_URL", "MESH_SECRET_KEY",
                "MESH_LOG_LEVEL");
        assertHelpNames(help, read, module);
    }

    /** Asserts {@code help} names each of {@code read}, the variables {@code what} reads. */
    public static void assertHelpNames(String help, Set<String> read, String what) {
        assertThat(read.stream().filter(name -> !Pattern.compile("\\b" + name + "\\b").matcher(help).find()))
                .as("variables " + what + " reads but its --help does not name").isEmpty();
    }
}
