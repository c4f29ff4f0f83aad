package io.mailmesh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
}
