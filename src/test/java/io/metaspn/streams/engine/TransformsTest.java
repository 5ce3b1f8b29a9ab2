package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    /** A sensor reading. */
    record Reading(String sensor, int value, String level) {
    }

    /** Per-sensor state. */
    record Sensor(String lastLevel, int total, int count, List<Integer> window, List<Timestamped<Integer>> timed) {
        static final Sensor EMPTY = new Sensor(null, 0, 0, List.of(), List.of());

        Sensor withLastLevel(String v) {
            return new Sensor(v, total, count, window, timed);
        }

        Sensor withTotal(int v) {
            return new Sensor(lastLevel, v, count, window, timed);
        }

        Sensor withCount(int v) {
            return new Sensor(lastLevel, total, v, window, timed);
        }

        Sensor withWindow(List<Integer> v) {
            return new Sensor(lastLevel, total, count, v, timed);
        }

        Sensor withTimed(List<Timestamped<Integer>> v) {
            return new Sensor(lastLevel, total, count, window, v);
        }
    }

    private static final Lens<Sensor, String> LAST_LEVEL = Lens.of(Sensor::lastLevel, Sensor::withLastLevel);
    private static final Lens<Sensor, Integer> TOTAL = Lens.of(Sensor::total, Sensor::withTotal);
    private static final Lens<Sensor, Integer> COUNT = Lens.of(Sensor::count, Sensor::withCount);
    private static final Lens<Sensor, List<Integer>> WINDOW = Lens.of(Sensor::window, Sensor::withWindow);
    private static final Lens<Sensor, List<Timestamped<Integer>>> TIMED = Lens.of(Sensor::timed, Sensor::withTimed);

    private static Signal<Reading> reading(String id, String sensor, int value, String level, long second) {
        return Signal.of(new Reading(sensor, value, level), T0.plusSeconds(second), "sensors", id);
    }

    private static Signal<Integer> number(String id, int value, long second) {
        return Signal.of(value, T0.plusSeconds(second), "numbers", id);
    }

    private static <S> S applyUpdate(StepResult<S> result, S state) {
        return result.hasUpdate() ? result.updater().apply(state) : state;
    }

    private static List<Object> payloads(List<Emission<?>> emissions) {
        List<Object> payloads = new ArrayList<>();
        for (Emission<?> emission : emissions) {
            payloads.add(emission.payload());
        }
        return payloads;
    }

    @Test
    void lensReadsAndCopies() {
        Sensor state = Sensor.EMPTY.withTotal(3);
        assertThat(TOTAL.get(state)).isEqualTo(3);
        assertThat(TOTAL.set(state, 9)).isEqualTo(Sensor.EMPTY.withTotal(9));
        assertThat(state.total()).isEqualTo(3);
    }

    @Test
    void mapToEmissionEmitsFunctionOfPayloadWithConventionalIdAndEventTime() {
        EmitStep<Integer, Sensor, String> step = Transforms.mapToEmission("num.text", n -> "n=" + n);

        StepResult<Sensor> result = step.apply(number("s1", 4, 30), Sensor.EMPTY);

        assertThat(result.emissions()).containsExactly(
                new Emission<>("n=4", "s1", "num.text", "s1:num.text", T0.plusSeconds(30), Map.of()));
        assertThat(result.hasUpdate()).isFalse();
        assertThat(step.name()).isEqualTo("emit(num.text)");
    }

    @Test
    void emitUsesSignalAndState() {
        Step<Integer, Sensor> step = Transforms.emit("sum", (signal, state) -> signal.payload() + state.total());

        StepResult<Sensor> result = step.apply(number("s1", 4, 0), Sensor.EMPTY.withTotal(10));

        assertThat(payloads(result.emissions())).containsExactly(14);
    }

    @Test
    void emitIfEmitsOnlyWhenConditionHolds() {
        Step<Integer, Sensor> step = Transforms.emitIf((signal, state) -> signal.payload() > state.total(), "above",
                (signal, state) -> signal.payload());

        assertThat(step.apply(number("a", 5, 0), Sensor.EMPTY.withTotal(3)).emissions()).hasSize(1);
        assertThat(step.apply(number("b", 5, 0), Sensor.EMPTY.withTotal(5)).emissions()).isEmpty();
        assertThat(step.apply(number("c", 2, 0), Sensor.EMPTY.withTotal(5)).emissions()).isEmpty();
    }

    @Test
    void emitStepFactoriesChangeIdsTimestampsMetadataAndCondition() {
        Instant fixed = Instant.parse("2000-01-01T00:00:00Z");
        EmitStep<Integer, Sensor, Integer> base = Transforms.emit("t", (signal, state) -> signal.payload());
        Signal<Integer> signal = number("s9", 1, 5);

        Emission<?> suffixed = base.withSuffix("step").apply(signal, Sensor.EMPTY).emissions().get(0);
        Emission<?> customIds = base.withIds((sig, type) -> type + "@" + sig.signalId())
                .apply(signal, Sensor.EMPTY).emissions().get(0);
        Emission<?> customTime = base.withTimestamps(sig -> fixed).apply(signal, Sensor.EMPTY).emissions().get(0);
        Emission<?> withMeta = base.withMetadata(Map.of("k", "v")).apply(signal, Sensor.EMPTY).emissions().get(0);
        EmitStep<Integer, Sensor, Integer> narrowed = base.when((sig, state) -> sig.payload() > 1);

        assertThat(suffixed.emissionId()).isEqualTo("s9:step");
        assertThat(customIds.emissionId()).isEqualTo("t@s9");
        assertThat(customTime.timestamp()).isEqualTo(fixed);
        assertThat(withMeta.metadata()).containsExactly(Map.entry("k", "v"));
        assertThat(base.apply(signal, Sensor.EMPTY).emissions().get(0).emissionId()).isEqualTo("s9:t");
        assertThat(base.apply(signal, Sensor.EMPTY).emissions().get(0).timestamp()).isEqualTo(T0.plusSeconds(5));
        assertThat(narrowed.apply(signal, Sensor.EMPTY).emissions()).isEmpty();
        assertThat(narrowed.apply(number("s10", 2, 0), Sensor.EMPTY).emissions()).hasSize(1);
        assertThat(EmissionIdFactory.byType().emissionId(signal, "x")).isEqualTo("s9:x");
        assertThat(EmissionIdFactory.bySuffix("y").emissionId(signal, "x")).isEqualTo("s9:y");
        assertThat(TimestampFactory.eventTime().timestamp(signal)).isEqualTo(T0.plusSeconds(5));
    }

    private static final Step<Reading, Sensor> LEVEL_CHANGE = Transforms.emitOnChange("level.changed",
            (signal, state) -> signal.payload().level(), LAST_LEVEL);

    @Test
    void emitOnChangeEmitsOnlyWhenTheWatchedValueChanges() {
        Pipeline<Reading, Sensor> pipeline = Pipeline.of("levels", LEVEL_CHANGE);
        Sensor state = Sensor.EMPTY;
        List<Object> changes = new ArrayList<>();
        String[] levels = {"low", "low", "high", "high", "low"};
        for (int i = 0; i < levels.length; i++) {
            PipelineResult<Sensor> result = pipeline.run(reading("r" + i, "s", i, levels[i], i), state);
            changes.addAll(payloads(result.emissions()));
            state = result.state();
        }

        assertThat(changes).containsExactly(new Change<>(null, "low"), new Change<>("low", "high"),
                new Change<>("high", "low"));
        assertThat(state.lastLevel()).isEqualTo("low");
    }

    @Test
    void emitOnChangeIsPerEntity() {
        Engine<Reading, Sensor> engine = Engine.builder(Pipeline.of("levels", LEVEL_CHANGE), Sensor.EMPTY)
                .keyedBy(signal -> signal.payload().sensor()).build();

        List<Emission<?>> a1 = engine.process(reading("1", "a", 0, "low", 0));
        List<Emission<?>> b1 = engine.process(reading("2", "b", 0, "low", 1));
        List<Emission<?>> a2 = engine.process(reading("3", "a", 0, "low", 2));
        List<Emission<?>> b2 = engine.process(reading("4", "b", 0, "high", 3));

        assertThat(payloads(a1)).containsExactly(new Change<>(null, "low"));
        assertThat(payloads(b1)).containsExactly(new Change<>(null, "low"));
        assertThat(a2).isEmpty();
        assertThat(payloads(b2)).containsExactly(new Change<>("low", "high"));
        assertThat(b2.get(0).emissionId()).isEqualTo("4:level.changed");
    }

    @Test
    void emitOnChangeSurvivesReplayFromASavedState() {
        EngineTest.MapStateStore<Sensor> store = new EngineTest.MapStateStore<>();
        Engine<Reading, Sensor> first = Engine.builder(Pipeline.of("levels", LEVEL_CHANGE), Sensor.EMPTY)
                .stateStore(store).build();
        first.process(reading("1", "a", 0, "low", 0));
        first.process(reading("2", "a", 0, "high", 1));

        Engine<Reading, Sensor> resumed = Engine.builder(Pipeline.of("levels", LEVEL_CHANGE), Sensor.EMPTY)
                .stateStore(store).build();
        Engine<Reading, Sensor> fresh = Engine.builder(Pipeline.of("levels", LEVEL_CHANGE), Sensor.EMPTY).build();

        assertThat(resumed.process(reading("3", "a", 0, "high", 2))).isEmpty();
        assertThat(payloads(resumed.process(reading("4", "a", 0, "low", 3))))
                .containsExactly(new Change<>("high", "low"));
        assertThat(payloads(fresh.process(reading("3", "a", 0, "high", 2))))
                .containsExactly(new Change<>(null, "high"));
    }

    @Test
    void accumulateFoldsIntoAField() {
        Pipeline<Integer, Sensor> pipeline = Pipeline.of("sum",
                Transforms.accumulate(TOTAL, (total, signal) -> total + signal.payload()),
                Transforms.accumulate(COUNT, (count, signal) -> count + 1));
        Sensor state = Sensor.EMPTY;
        for (int i = 1; i <= 4; i++) {
            state = pipeline.run(number("n" + i, i, i), state).state();
        }
        assertThat(state.total()).isEqualTo(10);
        assertThat(state.count()).isEqualTo(4);
        assertThat(state.window()).isEmpty();
    }

    @Test
    void setStateReplacesTheState() {
        Step<Integer, Integer> step = Transforms.setState(signal -> signal.payload() * 2);

        StepResult<Integer> result = step.apply(number("a", 21, 0), 5);

        assertThat(result.emissions()).isEmpty();
        assertThat(result.updater().apply(999)).isEqualTo(42);
    }

    @Test
    void updateStateWithFunctionAndWithLens() {
        Step<Integer, Sensor> whole = Transforms.updateState((state, signal) -> state.withTotal(state.total() - signal.payload()));
        Step<Integer, Sensor> field = Transforms.updateState(COUNT, signal -> signal.payload() * 100);

        Sensor afterWhole = applyUpdate(whole.apply(number("a", 3, 0), Sensor.EMPTY), Sensor.EMPTY.withTotal(10));
        Sensor afterField = applyUpdate(field.apply(number("a", 3, 0), Sensor.EMPTY), Sensor.EMPTY.withTotal(10));

        assertThat(afterWhole).isEqualTo(Sensor.EMPTY.withTotal(7));
        assertThat(afterField).isEqualTo(Sensor.EMPTY.withTotal(10).withCount(300));
    }

    @Test
    void countWindowEmitsOnceFullAndSlides() {
        Pipeline<Integer, Sensor> pipeline = Pipeline.of("w",
                Transforms.<Integer, Sensor, Integer>window(3, WINDOW, "w.sum",
                        values -> values.stream().mapToInt(Integer::intValue).sum()));
        Sensor state = Sensor.EMPTY;
        List<Object> sums = new ArrayList<>();
        List<Integer> emittedAt = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            PipelineResult<Sensor> result = pipeline.run(number("n" + i, i, i), state);
            if (!result.emissions().isEmpty()) {
                emittedAt.add(i);
            }
            sums.addAll(payloads(result.emissions()));
            state = result.state();
        }

        assertThat(emittedAt).containsExactly(3, 4, 5);
        assertThat(sums).containsExactly(6, 9, 12);
        assertThat(state.window()).containsExactly(3, 4, 5);
        assertThatThrownBy(() -> Transforms.window(0, WINDOW, "x", values -> values))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countWindowOfOneEmitsEverySignal() {
        Step<Integer, Sensor> step = Transforms.window(1, WINDOW, "w", values -> values);
        StepResult<Sensor> result = step.apply(number("a", 7, 0), Sensor.EMPTY.withWindow(List.of(1, 2)));
        assertThat(payloads(result.emissions())).containsExactly(List.of(7));
        assertThat(result.updater().apply(Sensor.EMPTY).window()).containsExactly(7);
    }

    @Test
    void timeWindowUsesEventTimeAndEvictsOldEntries() {
        Pipeline<Integer, Sensor> pipeline = Pipeline.of("tw",
                Transforms.<Integer, Sensor, List<Integer>>timeWindow(Duration.ofSeconds(60), TIMED, "tw", values -> values));
        long[] seconds = {0, 30, 59, 60, 200};
        Sensor state = Sensor.EMPTY;
        List<Object> windows = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            PipelineResult<Sensor> result = pipeline.run(number("n" + i, i, seconds[i]), state);
            windows.addAll(payloads(result.emissions()));
            result.emissions().forEach(e -> times.add(e.timestamp()));
            state = result.state();
        }

        assertThat(windows).containsExactly(List.of(0), List.of(0, 1), List.of(0, 1, 2), List.of(1, 2, 3), List.of(4));
        assertThat(times).containsExactly(T0, T0.plusSeconds(30), T0.plusSeconds(59), T0.plusSeconds(60),
                T0.plusSeconds(200));
        assertThat(state.timed()).containsExactly(new Timestamped<>(4, T0.plusSeconds(200)));
        assertThatThrownBy(() -> Transforms.timeWindow(Duration.ZERO, TIMED, "x", values -> values))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Transforms.timeWindow(Duration.ofSeconds(-1), TIMED, "x", values -> values))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeWindowKeepsNewerEntriesWhenALateSignalArrives() {
        Pipeline<Integer, Sensor> pipeline = Pipeline.of("tw",
                Transforms.<Integer, Sensor, List<Integer>>timeWindow(Duration.ofSeconds(60), TIMED, "tw", values -> values));
        long[] seconds = {0, 50, 40, 55};
        Sensor state = Sensor.EMPTY;
        List<Object> windows = new ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            PipelineResult<Sensor> result = pipeline.run(number("n" + i, i, seconds[i]), state);
            windows.addAll(payloads(result.emissions()));
            state = result.state();
        }

        assertThat(windows).containsExactly(List.of(0), List.of(0, 1), List.of(0, 2), List.of(0, 1, 2, 3));
    }

    @Test
    void timeWindowIgnoresWallClock() {
        Step<Integer, Sensor> step = Transforms.timeWindow(Duration.ofSeconds(10), TIMED, "tw", values -> values);
        Instant past = Instant.parse("1990-01-01T00:00:00Z");
        Sensor state = Sensor.EMPTY.withTimed(List.of(new Timestamped<>(1, past.minusSeconds(5))));

        StepResult<Sensor> result = step.apply(Signal.of(2, past, "numbers", "old"), state);

        assertThat(payloads(result.emissions())).containsExactly(List.of(1, 2));
        assertThat(result.emissions().get(0).timestamp()).isEqualTo(past);
    }

    @Test
    void branchRunsOneOfTwoSteps() {
        Step<Integer, Sensor> step = Transforms.branch((signal, state) -> signal.payload() % 2 == 0,
                Transforms.emit("even", (signal, state) -> signal.payload()),
                Transforms.emit("odd", (signal, state) -> signal.payload()));

        assertThat(step.apply(number("a", 2, 0), Sensor.EMPTY).emissions()).extracting(Emission::emissionType)
                .containsExactly("even");
        assertThat(step.apply(number("b", 3, 0), Sensor.EMPTY).emissions()).extracting(Emission::emissionType)
                .containsExactly("odd");
    }

    @Test
    void mergeRunsAllStepsOnTheSameInputState() {
        Step<Integer, Sensor> step = Transforms.merge(
                Step.of("a", (signal, state) -> StepResult.of(Emission.of(signal, "a", "a", state.total()),
                        s -> s.withTotal(s.total() + 1))),
                Step.of("b", (signal, state) -> StepResult.of(Emission.of(signal, "b", "b", state.total()),
                        s -> s.withTotal(s.total() * 10))),
                Transforms.identity());

        StepResult<Sensor> result = step.apply(number("x", 0, 0), Sensor.EMPTY.withTotal(1));

        assertThat(payloads(result.emissions())).containsExactly(1, 1);
        assertThat(result.emissions()).extracting(Emission::emissionId).containsExactly("x:a", "x:b");
        assertThat(result.updater().apply(Sensor.EMPTY.withTotal(1)).total()).isEqualTo(20);
        assertThat(result.halt()).isFalse();
    }

    @Test
    void mergePropagatesHaltAndNoUpdate() {
        Step<Integer, Sensor> step = Transforms.merge(Transforms.identity(),
                (signal, state) -> StepResult.halted());
        StepResult<Sensor> result = step.apply(number("x", 0, 0), Sensor.EMPTY);
        assertThat(result.halt()).isTrue();
        assertThat(result.hasUpdate()).isFalse();
    }

    @Test
    void sequenceThreadsStateThroughSteps() {
        Step<Integer, Sensor> step = Transforms.sequence(
                Transforms.accumulate(TOTAL, (total, signal) -> total + signal.payload()),
                Transforms.emit("after", (signal, state) -> state.total()));

        StepResult<Sensor> result = step.apply(number("x", 5, 0), Sensor.EMPTY.withTotal(1));

        assertThat(payloads(result.emissions())).containsExactly(6);
        assertThat(result.updater().apply(Sensor.EMPTY).total()).isEqualTo(6);
    }

    @Test
    void tapSeesSignalAndStateAndChangesNothing() {
        List<String> seen = new ArrayList<>();
        Step<Integer, Sensor> step = Transforms.tap((signal, state) -> seen.add(signal.signalId() + "/" + state.total()));

        StepResult<Sensor> result = step.apply(number("x", 5, 0), Sensor.EMPTY.withTotal(3));

        assertThat(seen).containsExactly("x/3");
        assertThat(result.emissions()).isEmpty();
        assertThat(result.hasUpdate()).isFalse();
        assertThat(result.halt()).isFalse();
    }

    @Test
    void logAndIdentityChangeNothing() {
        Pipeline<Integer, Sensor> pipeline = Pipeline.of("p", Transforms.log(), Transforms.log(System.Logger.Level.INFO),
                Transforms.identity());

        PipelineResult<Sensor> result = pipeline.run(number("x", 5, 0), Sensor.EMPTY);

        assertThat(result.emissions()).isEmpty();
        assertThat(result.stateUpdates()).isZero();
        assertThat(result.state()).isSameAs(Sensor.EMPTY);
        assertThat(Transforms.identity().name()).isEqualTo("identity");
    }
}
