package io.mailmesh.identitiesworker.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailmesh.mesh.handler.OrderFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PollIntervalTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "15", "4320", " 60 "})
    void wholeMinutesWithinTheBoundsAreAccepted(String value) throws Exception {
        // given / when
        int minutes = PollInterval.parse(value);

        // then
        assertThat(minutes).isBetween(PollInterval.MIN, PollInterval.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "4321", "99999999999", "abc", "", "1.5", "15m"})
    void anythingElseIsRejectedWithAPermanentError(String value) {
        // given / when / then
        assertThatThrownBy(() -> PollInterval.parse(value)).isInstanceOfSatisfying(OrderFailedException.class, e -> {
            assertThat(e.code()).isEqualTo(PollInterval.INVALID.code());
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("poll_intervall");
        });
    }
}
