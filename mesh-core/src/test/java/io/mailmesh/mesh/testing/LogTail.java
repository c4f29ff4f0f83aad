package io.mailmesh.mesh.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a process's log, for a failure message. */
public final class LogTail {
    private LogTail() {
    }

    /** The last {@code count} lines of {@code log}; bytes that are not UTF-8 are shown replaced, never a failure. */
    public static String lastLines(Path log, int count) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
