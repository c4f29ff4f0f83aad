package io.mailmesh.twitterbridge.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.store.model.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendClaimTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aTakenLeaseIsLiveUntilItEnds() {
        // given
        Message claimed = SendClaim.take(draft(List.of("work")), NOW.plusSeconds(120));

        // when / then
        assertThat(SendClaim.liveUntil(claimed, NOW)).contains(NOW.plusSeconds(120));
        assertThat(SendClaim.liveUntil(claimed, NOW.plusSeconds(121))).isEmpty();
        assertThat(SendClaim.withoutLease(claimed.tags())).containsExactly("work");
    }

    @Test
    void anExpiredLeaseIsReplacedWhenTakenAgain() {
        // given
        Message stale = SendClaim.take(draft(List.of()), NOW.minusSeconds(10));

        // when
        Message retaken = SendClaim.take(stale, NOW.plusSeconds(60));

        // then
        assertThat(retaken.tags()).containsExactly(SendClaim.PREFIX + NOW.plusSeconds(60).getEpochSecond());
    }

    private static Message draft(List<String> tags) {
        return new Message("m1", "u1", "d1", true, false, false, false, List.of(), null, "text", null, null, null,
                null, List.of(), tags, List.of());
    }
}
