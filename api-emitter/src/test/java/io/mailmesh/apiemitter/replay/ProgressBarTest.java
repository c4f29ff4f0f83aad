package io.mailmesh.apiemitter.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.apiemitter.gateway.AuditEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ProgressBar bar = new ProgressBar(new PrintWriter(out), new PrintWriter(err));

    @Test
    void theBarIsRedrawnInPlaceAsItGrowsAndEndsWithALineBreak() {
        // when 1000 entries are replayed one by one
        for (int done = 1; done <= 1000; done++) {
            bar.update(done, 1000);
        }

        // then the line is redrawn in place when the bar grows and every 1%, not 1000 times; the last frame is
        // full, then a line break
        String[] frames = out.toString().split("\r", -1);
        assertThat(frames.length - 1).isBetween(30, 131);
        assertThat(frames[frames.length - 1]).isEqualTo("replaying [" + "#".repeat(30) + "] 1000/1000 100%\n");
        assertThat(frames[frames.length / 2]).matches("replaying \\[#+\\.+\\] \\d+/1000 \\d+%");
        assertThat(out.toString()).doesNotContain("\n" + "replaying");
    }

    @Test
    void aProblemGetsItsOwnLineAndTheBarComesBackBelowIt() {
        // given a bar half way
        bar.update(5, 10);

        // when an entry fails
        bar.problem(new AuditEntry("e1", "nats", Instant.EPOCH, "inboundSMTP", new byte[0]), "unanswered after 30 s");
        bar.update(10, 10);

        // then the bar line was cleared, the problem written on its own line, the bar drawn again and finished
        assertThat(err).hasToString("entry e1 on inboundSMTP unanswered after 30 s" + System.lineSeparator());
        String halfWay = "replaying [" + "#".repeat(15) + ".".repeat(15) + "] 5/10 50%";
        assertThat(out.toString()).isEqualTo("\r" + halfWay + "\r" + " ".repeat(halfWay.length()) + "\r" + halfWay
                + "\rreplaying [" + "#".repeat(30) + "] 10/10 100%\n");
    }

    @Test
    void nothingToReplayStillEndsTheLine() {
        bar.update(0, 0);
        assertThat(out).hasToString("\rreplaying [" + "#".repeat(30) + "] 0/0 100%\n");
    }
}
