package io.mailmesh.mesh.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.orders.Routes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

class MetricTagsTest {

    @Test
    void orderNamesNoOrderTypeKnowsAreCountedAsUnknownSoTheRegistryStaysBounded() throws Exception {
        // given the metrics middleware around a step that fails on whatever order name the payload had
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Step metered = new MetricsMiddleware(registry).wrap(invocation -> Result.failed(
                new Failure("unknown_order", "no such order", false, 400, null),
                new String(invocation.data(), java.nio.charset.StandardCharsets.UTF_8)));

        // when 1,000 distinct hostile order names pass, and one known
        for (int i = 0; i < 1_000; i++) {
            metered.invoke(invocation("d\u00e9livrer-" + i));
        }
        metered.invoke(invocation("deliver"));

        // then two series exist: unknown and deliver
        assertThat(registry.find("mesh.orders").timers()).extracting(t -> t.getId().getTag("order"))
                .containsExactlyInAnyOrder("unknown", "deliver");
        assertThat(registry.get("mesh.orders").tag("order", "unknown").timer().count()).isEqualTo(1_000);
    }

    @Test
    void tagValuesAreKnownNamesOrUnknown() {
        assertThat(MetricTags.order("sync")).isEqualTo("sync");
        assertThat(MetricTags.order("Sync")).isEqualTo("unknown");
        assertThat(MetricTags.order(null)).isEqualTo("unknown");
        assertThat(MetricTags.subject("keyAction")).isEqualTo("keyAction");
        assertThat(MetricTags.subject("keyAction.\u00e9")).isEqualTo("unknown");
        assertThat(MetricTags.code("keyserver_down")).isEqualTo("keyserver_down");
        assertThat(MetricTags.code("x".repeat(100))).isEqualTo("other");
    }

    private static Invocation invocation(String orderName) {
        Completion ignored = result -> true;
        return new Invocation(Routes.OUTBOUND_SMTP, orderName.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new Headers(), "c", 1, null, ignored);
    }

}
