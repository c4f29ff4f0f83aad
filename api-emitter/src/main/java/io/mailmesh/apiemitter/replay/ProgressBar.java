package io.mailmesh.apiemitter.replay;

import io.mailmesh.apiemitter.gateway.AuditEntry;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code replay}'s progress in a terminal: one line redrawn in place ({@code \r}) with a bar, the count and the
 * share done, and a line break at the end. A problem is printed on its own line and the bar drawn again below it.
 * Only for a terminal: piped into a file, the redraws would be noise, and {@code replay} prints plain lines instead.
 */
final class ProgressBar implements Replayer.Progress {
    static final int WIDTH = 30;

    private final PrintWriter out;
    private final PrintWriter err;
    private int lastFilled = -1;
    private long lastDone = -1;
    private String lastFrame = "";

    ProgressBar(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void update(long done, long total) {
        int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
        boolean finished = done == total;
        // redrawn when the bar grows, every 1% of a long run, and at the end: not once per entry of a million
        if (filled == lastFilled && !finished && done - lastDone < Math.max(1, total / 100)) {
            return;
        }
        lastFilled = filled;
        lastDone = done;
        lastFrame = String.format(Locale.ROOT, "replaying [%s%s] %d/%d %d%%", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, total == 0 ? 100 : done * 100 / total);
        out.print("\r" + lastFrame + (finished ? "\n" : ""));
        out.flush();
    }

    @Override
    public void problem(AuditEntry entry, String what) {
        if (!lastFrame.isEmpty()) {
            out.print("\r" + " ".repeat(lastFrame.length()) + "\r"); // the bar makes room for the line
            out.flush();
        }
        err.printf("entry %s on %s %s%n", entry.id(), entry.topic(), what);
        err.flush();
        if (!lastFrame.isEmpty()) {
            out.print(lastFrame);
            out.flush();
        }
    }
}
