package io.mailmesh.mesh.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Collects latencies (nanoseconds) into a fixed array and reports percentiles. */
final class LatencyRecorder {
    private final long[] samples;
    private final AtomicInteger count = new AtomicInteger();

    LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    void record(long nanos) {
        int i = count.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    int count() {
        return Math.min(count.get(), samples.length);
    }

    double percentileMicros(double p) {
        int n = count();
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1_000.0;
    }
}
