package io.mailmesh.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU use from Linux's {@code /proc/stat} (every process, the benchmark's own SMTP client
 * included): shows whether a round was bound by the cores rather than by waiting.
 */
final class MachineCpu {
    private static final Path STAT = Path.of("/proc/stat");

    private MachineCpu() {
    }

    /** {busy, total} jiffies of all cores so far, or {0, 0} where {@code /proc/stat} is missing. */
    static long[] read() {
        try {
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** "1.93 of 2 cores" since {@code before}, or "unknown". */
    static String busySince(long[] before) {
        long[] now = read();
        long total = now[1] - before[1];
        if (total <= 0) {
            return "unknown";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format("%.2f of %d cores", cores * (double) (now[0] - before[0]) / total, cores);
    }
}
