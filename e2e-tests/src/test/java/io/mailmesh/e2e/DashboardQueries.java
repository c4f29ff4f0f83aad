package io.mailmesh.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of a Grafana dashboard (every panel target's {@code expr} and every query variable), read far enough to
 * name the metrics and the labels each query uses: enough to check them against what the executables expose, with
 * no Prometheus or Grafana running.
 */
record DashboardQueries(List<Query> queries) {
    /** One PromQL expression, the series names it selects and the label names it matches or groups by. */
    record Query(String where, String expr, Set<String> metrics, Set<String> labels) {
    }

    private static final Set<String> WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,)?"
            + "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");

    static DashboardQueries read(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    queries.add(parse("panel '" + panel.path("title").asText() + "'", expr));
                }
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText("") : query.asText("");
            Matcher m = LABEL_VALUES.matcher(text);
            if (m.find()) {
                Set<String> metrics = m.group(1) == null ? Set.of() : Set.of(m.group(1));
                queries.add(new Query("variable $" + variable.path("name").asText(), text, metrics, Set.of(m.group(2))));
            }
        }
        return new DashboardQueries(List.copyOf(queries));
    }

    /** The metrics (series names) and labels one PromQL expression uses. */
    static Query parse(String where, String expr) {
        String rest = STRING.matcher(expr.replaceAll("\\$\\{?__[a-z_]+}?", "5m")).replaceAll("\"\"");
        Set<String> labels = new LinkedHashSet<>();
        Matcher matchers = MATCHERS.matcher(rest);
        while (matchers.find()) {
            Matcher label = MATCHER_LABEL.matcher(matchers.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        Matcher grouping = GROUPING.matcher(rest);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        rest = RANGE.matcher(GROUPING.matcher(rest).replaceAll(" ")).replaceAll(" ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher name = NAME.matcher(rest);
        while (name.find()) {
            boolean function = rest.substring(name.end()).stripLeading().startsWith("(");
            boolean number = name.start() > 0 && Character.isDigit(rest.charAt(name.start() - 1));
            if (!function && !number && !WORDS.contains(name.group().toLowerCase())) {
                metrics.add(name.group());
            }
        }
        labels.remove("le"); // the bucket bound of histogram_quantile: on every _bucket series
        return new Query(where, expr, metrics, labels);
    }
}
