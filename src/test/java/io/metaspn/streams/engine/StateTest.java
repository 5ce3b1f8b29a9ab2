package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    @Test
    void initialIsVersionZeroWithoutHistory() {
        State<Integer> state = State.initial(0, T0);

        assertThat(state.value()).isZero();
        assertThat(state.version()).isZero();
        assertThat(state.createdAt()).isEqualTo(T0);
        assertThat(state.updatedAt()).isEqualTo(T0);
        assertThat(state.history()).isEmpty();
        assertThat(state.historyEnabled()).isFalse();
    }

    @Test
    void versionIncrementsOnlyOnChange() {
        State<Integer> s0 = State.initial(0, T0);
        State<Integer> same = s0.withValue(0, "sig-1", T0.plusSeconds(10));
        State<Integer> s1 = s0.withValue(5, "sig-2", T0.plusSeconds(20));
        State<Integer> s1again = s1.withValue(5, "sig-3", T0.plusSeconds(30));
        State<Integer> s2 = s1.withValue(6, "sig-4", T0.plusSeconds(40));

        assertThat(same).isSameAs(s0);
        assertThat(s1.version()).isEqualTo(1);
        assertThat(s1again).isSameAs(s1);
        assertThat(s2.version()).isEqualTo(2);
        assertThat(s2.value()).isEqualTo(6);
    }

    @Test
    void timesAreEventTimesOfCausingSignals() {
        Instant changedAt = Instant.parse("2020-01-01T00:00:00Z");
        State<Integer> s1 = State.initial(0, T0).withValue(1, "sig-1", changedAt);

        assertThat(s1.createdAt()).isEqualTo(T0);
        assertThat(s1.updatedAt()).isEqualTo(changedAt);
        assertThat(s1.withValue(1, "sig-2", T0.plusSeconds(99)).updatedAt()).isEqualTo(changedAt);
    }

    @Test
    void historyIsOffByDefault() {
        State<Integer> state = State.initial(0, T0).withValue(1, "a", T0).withValue(2, "b", T0);
        assertThat(state.history()).isEmpty();
    }

    @Test
    void historyIsBoundedAndOldestFirst() {
        State<Integer> state = State.initial(0, T0).enableHistory(2);
        for (int i = 1; i <= 4; i++) {
            state = state.withValue(i, "sig-" + i, T0.plusSeconds(i));
        }

        assertThat(state.historyEnabled()).isTrue();
        assertThat(state.history()).containsExactly(
                new State.Transition<>("sig-3", 2, 3, T0.plusSeconds(3), 3),
                new State.Transition<>("sig-4", 3, 4, T0.plusSeconds(4), 4));
    }

    @Test
    void unchangedValueRecordsNoTransition() {
        State<Integer> state = State.initial(0, T0).enableHistory(5).withValue(1, "a", T0).withValue(1, "b", T0);
        assertThat(state.history()).hasSize(1);
    }

    @Test
    void shrinkingHistoryKeepsNewestAndZeroDisablesIt() {
        State<Integer> state = State.initial(0, T0).enableHistory(5);
        for (int i = 1; i <= 3; i++) {
            state = state.withValue(i, "sig-" + i, T0);
        }

        State<Integer> shrunk = state.enableHistory(1);
        assertThat(shrunk.history()).extracting(State.Transition::signalId).containsExactly("sig-3");
        State<Integer> off = state.enableHistory(0);
        assertThat(off.history()).isEmpty();
        assertThat(off.historyEnabled()).isFalse();
        assertThat(off.withValue(9, "x", T0).history()).isEmpty();
    }

    @Test
    void historyListIsImmutable() {
        State<Integer> state = State.initial(0, T0).enableHistory(3).withValue(1, "a", T0);
        assertThatThrownBy(() -> state.history().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> new State<>(1, 0, T0, T0, List.of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> State.initial(null, T0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> State.initial(0, T0).withValue(null, "a", T0)).isInstanceOf(NullPointerException.class);
    }
}
