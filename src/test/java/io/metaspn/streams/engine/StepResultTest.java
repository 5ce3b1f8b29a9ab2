package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepResultTest {
    private static final Signal<String> SIGNAL = Signal.of("x", Instant.parse("2026-01-01T00:00:00Z"), "s", "id");
    private static final Emission<String> A = Emission.of(SIGNAL, "a", "t.a", "A");
    private static final Emission<String> B = Emission.of(SIGNAL, "b", "t.b", "B");

    @Test
    void noneAndHalted() {
        StepResult<Integer> none = StepResult.none();
        StepResult<Integer> halted = StepResult.halted();

        assertThat(none.emissions()).isEmpty();
        assertThat(none.hasUpdate()).isFalse();
        assertThat(none.halt()).isFalse();
        assertThat(halted.emissions()).isEmpty();
        assertThat(halted.hasUpdate()).isFalse();
        assertThat(halted.halt()).isTrue();
    }

    @Test
    void emitAndUpdateFactories() {
        StepResult<Integer> one = StepResult.emit(A);
        StepResult<Integer> two = StepResult.emit(List.of(A, B));
        StepResult<Integer> update = StepResult.update(s -> s + 1);
        StepResult<Integer> both = StepResult.of(A, s -> s * 10);

        assertThat(one.emissions()).containsExactly(A);
        assertThat(one.hasUpdate()).isFalse();
        assertThat(two.emissions()).containsExactly(A, B);
        assertThat(update.emissions()).isEmpty();
        assertThat(update.updater().apply(1)).isEqualTo(2);
        assertThat(both.emissions()).containsExactly(A);
        assertThat(both.updater().apply(3)).isEqualTo(30);
        assertThatThrownBy(() -> StepResult.update(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void emissionsAreCopied() {
        List<Emission<?>> list = new ArrayList<>(List.of(A));
        StepResult<Integer> result = new StepResult<>(list, null, false);
        list.add(B);

        assertThat(result.emissions()).containsExactly(A);
        assertThatThrownBy(() -> result.emissions().add(B)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withMethodsReturnCopies() {
        StepResult<Integer> base = StepResult.emit(A);
        StepResult<Integer> more = base.withEmission(B);
        StepResult<Integer> updating = more.withUpdater(s -> s + 5);
        StepResult<Integer> halting = updating.withHalt(true);

        assertThat(base.emissions()).containsExactly(A);
        assertThat(more.emissions()).containsExactly(A, B);
        assertThat(more.hasUpdate()).isFalse();
        assertThat(updating.updater().apply(1)).isEqualTo(6);
        assertThat(updating.halt()).isFalse();
        assertThat(halting.halt()).isTrue();
        assertThat(halting.emissions()).containsExactly(A, B);
        assertThat(halting.updater().apply(0)).isEqualTo(5);
    }
}
