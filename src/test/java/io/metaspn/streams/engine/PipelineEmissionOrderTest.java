package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Pipeline#run} collects every step's emissions in step order, however many each step emits. */
class PipelineEmissionOrderTest {
    private static final Signal<String> SIGNAL = Signal.of("x", Instant.parse("2026-02-06T12:00:00Z"), "test", "s1");

    private static Step<String, Integer> emitting(String name, int count) {
        return Step.of(name, (signal, state) -> {
            List<Emission<?>> emissions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                emissions.add(Emission.of(signal, name + i, "t." + name, state));
            }
            return StepResult.<Integer>emit(emissions).withUpdater(s -> s + 1);
        });
    }

    private static List<String> ids(PipelineResult<?> result) {
        return result.emissions().stream().map(Emission::emissionId).toList();
    }

    @Test
    void noEmissions() {
        PipelineResult<Integer> result = Pipeline.of("p", emitting("a", 0), emitting("b", 0)).run(SIGNAL, 0);
        assertThat(result.emissions()).isEmpty();
        assertThat(result.state()).isEqualTo(2);
        assertThat(result.stateUpdates()).isEqualTo(2);
    }

    @Test
    void fewerEmissionsThanSteps() {
        PipelineResult<Integer> result = Pipeline.of("p", emitting("a", 0), emitting("b", 1), emitting("c", 0))
                .run(SIGNAL, 0);
        assertThat(ids(result)).containsExactly("s1:b0");
        assertThat(result.emissions().get(0).payload()).isEqualTo(1);
    }

    @Test
    void moreEmissionsThanStepsGrowInOrder() {
        PipelineResult<Integer> result = Pipeline.of("p", emitting("a", 1), emitting("b", 3), emitting("c", 0),
                emitting("d", 7)).run(SIGNAL, 10);
        List<String> expected = new ArrayList<>(List.of("s1:a0", "s1:b0", "s1:b1", "s1:b2"));
        for (int i = 0; i < 7; i++) {
            expected.add("s1:d" + i);
        }
        assertThat(ids(result)).isEqualTo(expected);
        assertThat(result.emissions().get(1).payload()).isEqualTo(11);
        assertThat(result.emissions().get(4).payload()).isEqualTo(13);
        assertThat(result.state()).isEqualTo(14);
        assertThatThrownBy(() -> result.emissions().add(result.emissions().get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void haltKeepsTheEmissionsSoFar() {
        Step<String, Integer> halt = Step.of("halt", (signal, state) -> StepResult.<Integer>emit(
                Emission.of(signal, "h", "t.h", state)).withHalt(true));
        PipelineResult<Integer> result = Pipeline.of("p", emitting("a", 2), halt, emitting("z", 1)).run(SIGNAL, 0);
        assertThat(ids(result)).containsExactly("s1:a0", "s1:a1", "s1:h");
        assertThat(result.halted()).isTrue();
    }
}
