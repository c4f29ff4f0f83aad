package io.mailmesh.e2e;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Series names and, for each, its label names, read from Prometheus text exposition ({@code /metrics}). */
final class ScrapedMetrics {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private final Map<String, Set<String>> labelsBySeries = new HashMap<>();

    void add(String exposition) {
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Set<String> labels = labelsBySeries.computeIfAbsent(sample.group(1), k -> new HashSet<>());
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
    }

    boolean has(String series) {
        return labelsBySeries.containsKey(series);
    }

    Set<String> labels(String series) {
        return labelsBySeries.getOrDefault(series, Set.of());
    }

    Set<String> series() {
        return labelsBySeries.keySet();
    }
}
