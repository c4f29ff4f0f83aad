package io.mailmesh.e2e;

import java.util.Arrays;

/**
 * The tools {@code bin/mesh} runs from this module's jar: {@code mail} (the development mail server),
 * {@code demo} (the scripted scenario against a running mesh) and {@code tail} (a live view of the orders).
 */
public final class MeshTools {
    private MeshTools() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "mail" -> DevMailServer.main(rest);
            case "demo" -> DemoMain.main(rest);
            case "tail" -> MeshTail.main(rest);
            default -> {
                System.err.println("usage: java -jar e2e-tests.jar mail|demo|tail");
                System.exit(2);
            }
        }
    }

    /** An environment variable, or {@code fallback} when it is unset or blank. */
    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
