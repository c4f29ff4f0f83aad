package io.mailmesh.mesh.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void linesOfOneKindWithinTheIntervalAreCountedIntoTheNextLine() {
        // given a log limited to one line per kind every 10 seconds, on a clock the test moves
        Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);

        // when three lines of one kind and one of another come within a second, then one more after 11 seconds
        log.warn("slow", "slow {}", "a");
        log.warn("slow", "slow {}", "b");
        log.warn("slow", "slow {}", "c");
        log.warn("other", "other {}", "x");
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        log.warn("slow", "slow {}", "d");

        // then each kind shows its first line, and the next line after the interval says how many were left out
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("slow a", "other x",
                "slow d (2 more like this since the last line)");
        logger.detachAppender(logs);
    }
}
