package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void aLongWaitSaysWhatItWaitsForUntilItHolds() {
        // given a condition that holds on the sixth probe, and progress reported every probe or so
        List<String> progress = new CopyOnWriteArrayList<>();
        AtomicInteger probes = new AtomicInteger();

        // when it is awaited
        String value = Deadline.await("the answer", Duration.ofSeconds(30),
                () -> probes.incrementAndGet() < 6 ? Optional.empty() : Optional.of("42"), progress::add,
                Duration.ofMillis(50));

        // then the value comes back, and the progress named what was awaited, then that it came
        assertThat(value).isEqualTo("42");
        assertThat(progress).isNotEmpty();
        assertThat(progress.subList(0, progress.size() - 1))
                .allMatch(line -> line.startsWith("   ... still waiting for the answer (")
                        && line.contains(" of 30 s"));
        assertThat(progress.get(progress.size() - 1)).startsWith("   ... the answer: there after ");
        assertThat(progress).hasSizeGreaterThan(1);
    }

    @Test
    void aProbeThatGivesUpEndsTheWaitAtOnce() {
        // given a condition whose probe finds that waiting cannot help on its second try
        AtomicInteger probes = new AtomicInteger();

        // when it is awaited for a long time
        Throwable failure = catchThrowable(() -> Deadline.await("a process", Duration.ofSeconds(60), () -> {
            if (probes.incrementAndGet() < 2) {
                throw new IllegalStateException("not yet");
            }
            throw new Deadline.GiveUp("it exited with code 1");
        }));

        // then the wait ends with that reason at the second probe, not at the deadline
        assertThat(failure).isInstanceOf(Deadline.GiveUp.class).hasMessage("it exited with code 1");
        assertThat(probes).hasValue(2);
    }
}
