package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link DashboardQueries} reads from PromQL: the series and labels a dashboard's check relies on. */
class DashboardQueriesTest {
    @Test
    void aggregationsRangesAndMatchersYieldTheSeriesAndLabelsNotTheFunctionsOrValues() {
        // given a p99 query with a grouping, a matcher with a regex value and a Grafana range variable
        String expr = "histogram_quantile(0.99, sum by (subject, le) "
                + "(rate(mesh_orders_seconds_bucket{executable=~\"$executable\", outcome!=\"ok\"}[$__rate_interval])))";

        // when it is read
        DashboardQueries.Query query = DashboardQueries.parse("p99", expr);

        // then the one series is named, with the labels matched and grouped by (le is every bucket's)
        assertThat(query.metrics()).containsExactly("mesh_orders_seconds_bucket");
        assertThat(query.labels()).containsExactlyInAnyOrder("subject", "executable", "outcome");
    }

    @Test
    void binaryOperatorsBetweenSeriesNameBothAndKeywordsNone() {
        // given two series joined by an operator, with an offset and a ratio
        String expr = "sum(rate(mesh_deadletters_total[5m] offset 1h)) / ignoring(code) "
                + "sum without (instance) (rate(mesh_orders_seconds_count{subject=\"keyAction\"}[5m])) > 0.5";

        // when it is read
        DashboardQueries.Query query = DashboardQueries.parse("ratio", expr);

        // then both series are named, and neither the keywords nor the durations count as series
        assertThat(query.metrics()).containsExactlyInAnyOrder("mesh_deadletters_total", "mesh_orders_seconds_count");
        assertThat(query.labels()).containsExactlyInAnyOrder("code", "instance", "subject");
    }
}
