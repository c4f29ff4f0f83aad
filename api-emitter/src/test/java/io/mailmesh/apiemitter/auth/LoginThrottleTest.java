package io.mailmesh.apiemitter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The numbers of the login slow-down: 5 per e-mail, 20 per IP, 30 s doubling to 15 min. */
class LoginThrottleTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void givenFourFailuresWhenTryingAgainThenThereIsNoWait() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("a@x.org", "10.0.0.1");
        }
        assertThat(throttle.retryAfter("a@x.org", "10.0.0.1")).isEmpty();
    }

    @Test
    void givenFiveFailuresThenTheWaitIs30SecondsAndDoublesWithEachFurtherFailureUpTo15Minutes() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("a@x.org", "10.0.0.1");
        }
        assertThat(throttle.retryAfter("a@x.org", "10.0.0.2")).contains(Duration.ofSeconds(30));
        now = now.plusSeconds(30);
        assertThat(throttle.retryAfter("a@x.org", "10.0.0.2")).isEmpty();
        throttle.failed("a@x.org", "10.0.0.2");
        assertThat(throttle.retryAfter("a@x.org", "10.0.0.2")).contains(Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            throttle.failed("a@x.org", "10.0.0.2");
        }
        assertThat(throttle.retryAfter("a@x.org", "10.0.0.3")).contains(Duration.ofMinutes(15));
    }

    @Test
    void givenTwentyFailuresFromAnIpOverManyEmailsThenThatIpWaitsForAnyEmail() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i + "@x.org", "10.0.0.9");
        }
        assertThat(throttle.retryAfter("new@x.org", "10.0.0.9")).contains(Duration.ofSeconds(30));
        assertThat(throttle.retryAfter("new@x.org", "10.0.0.8")).isEmpty();
    }

    @Test
    void givenASuccessfulLoginThenTheEmailsCounterIsCleared() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("a@x.org", "10.0.0.1");
        }
        throttle.succeeded("a@x.org");
        throttle.failed("a@x.org", "10.0.0.1");
        assertThat(throttle.retryAfter("a@x.org", "10.0.0.5")).isEmpty();
    }
}
