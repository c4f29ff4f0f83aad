package io.mailmesh.identitiesworker.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.identitiesworker.IntervalUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotClockTest {
    private final SlotClock clock = new SlotClock(IntervalUnit.MINUTES);

    @Test
    void identitiesWithTheSameIntervalAreSpreadOverIt() {
        // given
        long interval = clock.intervalMillis(15);
        Map<Long, Integer> perSecond = new HashMap<>();
        java.util.Set<Long> distinct = new java.util.HashSet<>();

        // when
        for (int i = 0; i < 9_000; i++) {
            long offset = clock.offsetMillis("identity-" + i, interval);
            distinct.add(offset);
            perSecond.merge(offset / 1000, 1, Integer::sum);
        }

        // then: 9,000 identities over 900 seconds, 10 a second on average
        assertThat(distinct).allSatisfy(offset -> assertThat(offset).isBetween(0L, interval - 1));
        assertThat(distinct.size()).isGreaterThan(8_900);
        assertThat(perSecond.size()).isGreaterThan(850);
        assertThat(perSecond.values()).allSatisfy(count -> assertThat(count).isLessThan(30));
    }

    @Test
    void everyTimeInsideASlotMapsToThatSlotAndItsStartIsADueTime() {
        // given
        long interval = clock.intervalMillis(5);
        long start = clock.slotStart("id-1", interval, 5_000_000L);

        // when / then
        assertThat(clock.slot("id-1", interval, start)).isEqualTo(5_000_000L);
        assertThat(clock.slot("id-1", interval, start + interval - 1)).isEqualTo(5_000_000L);
        assertThat(clock.slot("id-1", interval, start + interval)).isEqualTo(5_000_001L);
        assertThat(clock.slot("id-1", interval, start - 1)).isEqualTo(4_999_999L);
    }

    @Test
    void theOffsetIsStableForAnIdentity() {
        // given
        long interval = clock.intervalMillis(4_320);

        // when
        long first = clock.offsetMillis("stable-id", interval);
        long again = new SlotClock(IntervalUnit.MINUTES).offsetMillis("stable-id", interval);

        // then
        assertThat(first).isEqualTo(again).isBetween(0L, interval - 1);
    }
}
