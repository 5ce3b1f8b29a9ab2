package io.metaspn.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PacingTest {
    @Test
    void recordIIsDueIOverTheRateSecondsAfterTheStart() {
        Pacing pacing = new Pacing(250);

        assertThat(pacing.dueNanos(0)).isZero();
        assertThat(pacing.dueNanos(1)).isEqualTo(4_000_000L);
        assertThat(pacing.dueNanos(250)).isEqualTo(1_000_000_000L);
        assertThat(new Pacing(3).dueNanos(1)).isEqualTo(333_333_333L);
        assertThat(new Pacing(1500).dueNanos(30_000)).isEqualTo(20_000_000_000L);
    }

    @Test
    void aSenderOnScheduleAchievesTheRate() {
        Pacing pacing = new Pacing(1500);

        assertThat(Pacing.achievedRate(30_000, 7, 7 + pacing.dueNanos(29_999))).isCloseTo(1500, within(1e-6));
        assertThat(Pacing.achievedRate(1, 7, 7)).isZero();
        assertThat(Pacing.achievedRate(2, 7, 7)).isZero();
    }

    @Test
    void theRateMustBePositive() {
        assertThatThrownBy(() -> new Pacing(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacing(100).dueNanos(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
