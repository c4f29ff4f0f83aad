package io.mailmesh.mesh.bench;

/** One side of a comparison: throughput and latency percentiles. */
record Measurement(String name, int messages, long nanos, double p50Micros, double p99Micros) {

    double perSecond() {
        return messages / (nanos / 1e9);
    }

    static String compare(String scenario, Measurement mesh, Measurement raw, double target) {
        double ratio = mesh.perSecond() / raw.perSecond();
        if (Double.isNaN(target)) {
            return String.format("%-22s mesh %9.0f msg/s | raw %9.0f msg/s | ratio %.2f (reference, no target)",
                    scenario, mesh.perSecond(), raw.perSecond(), ratio);
        }
        return String.format("%-22s mesh %9.0f msg/s p50 %7.1f µs p99 %8.1f µs | raw %9.0f msg/s p50 %7.1f µs"
                        + " p99 %8.1f µs | ratio %.2f (target ≥ %.2f) %s", scenario, mesh.perSecond(), mesh.p50Micros(),
                mesh.p99Micros(), raw.perSecond(), raw.p50Micros(), raw.p99Micros(), ratio, target,
                ratio >= target ? "OK" : "BELOW TARGET");
    }
}
