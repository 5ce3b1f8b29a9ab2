package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    private static Signal<Integer> signal(int value) {
        return Signal.of(value, T0, "test", "sig-" + value);
    }

    /** Emits the state it sees under {@code suffix}, then adds {@code delta}. */
    private static Step<Integer, Integer> add(String suffix, int delta) {
        return Step.of(suffix, (signal, state) -> StepResult.of(
                Emission.of(signal, suffix, "seen." + suffix, state), s -> s + delta));
    }

    private static Step<Integer, Integer> emitOnly(String suffix) {
        return Step.of(suffix, (signal, state) -> StepResult.emit(Emission.of(signal, suffix, "seen." + suffix, state)));
    }

    private static List<Object> payloads(PipelineResult<?> result) {
        List<Object> payloads = new ArrayList<>();
        for (Emission<?> emission : result.emissions()) {
            payloads.add(emission.payload());
        }
        return payloads;
    }

    @Test
    void stepsSeeTheStateLeftByThePreviousStep() {
        Pipeline<Integer, Integer> pipeline = Pipeline.of("p", add("a", 1), add("b", 10), emitOnly("c"));

        PipelineResult<Integer> result = pipeline.run(signal(1), 100);

        assertThat(payloads(result)).containsExactly(100, 101, 111);
        assertThat(result.emissions()).extracting(Emission::emissionId)
                .containsExactly("sig-1:a", "sig-1:b", "sig-1:c");
        assertThat(result.state()).isEqualTo(111);
        assertThat(result.stateUpdates()).isEqualTo(2);
        assertThat(result.halted()).isFalse();
    }

    @Test
    void thenAndPlusReturnNewPipelines() {
        Pipeline<Integer, Integer> empty = Pipeline.named("p");
        Pipeline<Integer, Integer> one = empty.then(add("a", 1));
        Pipeline<Integer, Integer> two = one.plus(Pipeline.of("other", add("b", 2), add("c", 3)));

        assertThat(empty.steps()).isEmpty();
        assertThat(one.steps()).hasSize(1);
        assertThat(two.steps()).extracting(Step::name).containsExactly("a", "b", "c");
        assertThat(two.name()).isEqualTo("p");
        assertThat(two.withName("q").name()).isEqualTo("q");
        assertThat(two.run(signal(1), 0).state()).isEqualTo(6);
        assertThat(empty.run(signal(1), 7)).isEqualTo(new PipelineResult<>(List.of(), 7, 0, false));
    }

    @Test
    void filterReallyStopsLaterSteps() {
        List<String> ran = new ArrayList<>();
        Pipeline<Integer, Integer> pipeline = Pipeline.<Integer, Integer>of("p", add("a", 1))
                .filter(signal -> signal.payload() > 0)
                .then(Step.of("after", (signal, state) -> {
                    ran.add(signal.signalId());
                    return StepResult.of(Emission.of(signal, "after", "after", state), s -> s + 100);
                }));

        PipelineResult<Integer> stopped = pipeline.run(signal(-1), 0);
        PipelineResult<Integer> passed = pipeline.run(signal(1), 0);

        assertThat(stopped.halted()).isTrue();
        assertThat(stopped.emissions()).extracting(Emission::emissionId).containsExactly("sig--1:a");
        assertThat(stopped.state()).isEqualTo(1);
        assertThat(passed.halted()).isFalse();
        assertThat(passed.state()).isEqualTo(101);
        assertThat(ran).containsExactly("sig-1");
    }

    @Test
    void filterOnStateSeesCurrentState() {
        Pipeline<Integer, Integer> pipeline = Pipeline.<Integer, Integer>of("p", add("a", 1))
                .filter((signal, state) -> state < 2)
                .then(add("b", 10));

        assertThat(pipeline.run(signal(1), 0).state()).isEqualTo(11);
        assertThat(pipeline.run(signal(1), 1).state()).isEqualTo(2);
    }

    @Test
    void haltedStepResultStopsThePipeline() {
        Pipeline<Integer, Integer> pipeline = Pipeline.of("p",
                Step.of("stop", (signal, state) -> StepResult.<Integer>emit(Emission.of(signal, "stop", "t", 1))
                        .withHalt(true)),
                add("never", 1));

        PipelineResult<Integer> result = pipeline.run(signal(1), 0);
        assertThat(result.emissions()).extracting(Emission::emissionId).containsExactly("sig-1:stop");
        assertThat(result.state()).isZero();
        assertThat(result.halted()).isTrue();
    }

    @Test
    void branchPicksOneSubPipelineAndAFilterInsideStopsOnlyIt() {
        Pipeline<Integer, Integer> positive = Pipeline.<Integer, Integer>of("pos", add("pos", 1))
                .filter(signal -> false)
                .then(add("pos-never", 1000));
        Pipeline<Integer, Integer> negative = Pipeline.of("neg", add("neg", -1));
        Pipeline<Integer, Integer> pipeline = Pipeline.<Integer, Integer>named("p")
                .branch(signal -> signal.payload() >= 0, positive, negative)
                .then(add("tail", 10));

        PipelineResult<Integer> pos = pipeline.run(signal(3), 0);
        PipelineResult<Integer> neg = pipeline.run(signal(-3), 0);

        assertThat(pos.emissions()).extracting(Emission::emissionId).containsExactly("sig-3:pos", "sig-3:tail");
        assertThat(pos.state()).isEqualTo(11);
        assertThat(pos.halted()).isFalse();
        assertThat(neg.emissions()).extracting(Emission::emissionId).containsExactly("sig--3:neg", "sig--3:tail");
        assertThat(neg.state()).isEqualTo(9);
    }

    @Test
    void branchOnStateUsesCurrentState() {
        Pipeline<Integer, Integer> pipeline = Pipeline.<Integer, Integer>of("p", add("a", 5))
                .branch((signal, state) -> state > 5, Pipeline.of("big", emitOnly("big")),
                        Pipeline.of("small", emitOnly("small")));

        assertThat(pipeline.run(signal(1), 0).emissions()).extracting(Emission::emissionType)
                .containsExactly("seen.a", "seen.small");
        assertThat(pipeline.run(signal(1), 1).emissions()).extracting(Emission::emissionType)
                .containsExactly("seen.a", "seen.big");
    }

    @Test
    void parallelRunsPartsOnTheSameStateAndMergesWithTheGivenMerger() {
        List<List<Integer>> merged = new ArrayList<>();
        StateMerger<Integer> sumOfDeltas = (base, branches) -> {
            merged.add(List.of(base, branches.get(0), branches.get(1)));
            int total = base;
            for (Integer branch : branches) {
                total += branch - base;
            }
            return total;
        };
        Pipeline<Integer, Integer> pipeline = Pipeline.<Integer, Integer>of("p", add("pre", 1))
                .parallel(sumOfDeltas, Pipeline.of("x", add("x", 10)), Pipeline.of("y", add("y", 100)))
                .then(emitOnly("post"));

        PipelineResult<Integer> result = pipeline.run(signal(1), 0);

        assertThat(result.emissions()).extracting(Emission::emissionId)
                .containsExactly("sig-1:pre", "sig-1:x", "sig-1:y", "sig-1:post");
        assertThat(payloads(result)).containsExactly(0, 1, 1, 111);
        assertThat(merged).containsExactly(List.of(1, 11, 101));
        assertThat(result.state()).isEqualTo(111);
    }

    @Test
    void parallelWithLastWinsAndNoChangeKeepsState() {
        Pipeline<Integer, Integer> pipeline = Pipeline.<Integer, Integer>named("p")
                .parallel(StateMerger.lastWins(), Pipeline.of("x", add("x", 10)), Pipeline.of("y", add("y", 100)));
        Pipeline<Integer, Integer> noChange = Pipeline.<Integer, Integer>named("p")
                .parallel((base, branches) -> 999, Pipeline.of("x", emitOnly("x")));

        assertThat(pipeline.run(signal(1), 5).state()).isEqualTo(105);
        PipelineResult<Integer> unchanged = noChange.run(signal(1), 5);
        assertThat(unchanged.state()).isEqualTo(5);
        assertThat(unchanged.stateUpdates()).isZero();
    }

    @Test
    void asStepRunsTheWholePipelineAsOneStep() {
        Pipeline<Integer, Integer> inner = Pipeline.<Integer, Integer>of("inner", add("a", 1), add("b", 2))
                .filter(signal -> false)
                .then(add("never", 1000));
        Step<Integer, Integer> step = inner.asStep();

        StepResult<Integer> result = step.apply(signal(1), 10);

        assertThat(step.name()).isEqualTo("inner");
        assertThat(result.emissions()).extracting(Emission::emissionId).containsExactly("sig-1:a", "sig-1:b");
        assertThat(result.halt()).isFalse();
        assertThat(result.updater().apply(-1)).isEqualTo(13);
        assertThat(Pipeline.of("outer", step, add("c", 1)).run(signal(1), 0).state()).isEqualTo(4);
        assertThat(Pipeline.<Integer, Integer>of("quiet", emitOnly("q")).asStep().apply(signal(1), 0).hasUpdate())
                .isFalse();
    }

    @Test
    void throwingStepIsWrappedInStepFailedException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Pipeline<Integer, Integer> pipeline = Pipeline.of("p", add("a", 1),
                Step.of("bad", (signal, state) -> {
                    throw boom;
                }));

        assertThatThrownBy(() -> pipeline.run(signal(7), 0))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.pipeline()).isEqualTo("p");
                    assertThat(e.step()).isEqualTo("bad");
                    assertThat(e.signalId()).isEqualTo("sig-7");
                    assertThat(e.getCause()).isSameAs(boom);
                    assertThat(e.getMessage()).contains("bad", "p", "sig-7");
                });
    }

    @Test
    void throwingUpdaterIsWrappedToo() {
        Pipeline<Integer, Integer> pipeline = Pipeline.of("p",
                Step.of("upd", (signal, state) -> StepResult.update(s -> {
                    throw new ArithmeticException("nope");
                })));

        assertThatThrownBy(() -> pipeline.run(signal(1), 0))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.step()).isEqualTo("upd");
                    assertThat(e.getCause()).isInstanceOf(ArithmeticException.class);
                });
    }

    @Test
    void nestedFailureKeepsTheInnermostStep() {
        Pipeline<Integer, Integer> inner = Pipeline.of("inner", Step.of("deep", (signal, state) -> {
            throw new IllegalStateException("x");
        }));
        Pipeline<Integer, Integer> outer = Pipeline.of("outer", inner.asStep());

        assertThatThrownBy(() -> outer.run(signal(1), 0))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.pipeline()).isEqualTo("inner");
                    assertThat(e.step()).isEqualTo("deep");
                });
    }

    @Test
    void stepsListIsImmutable() {
        Pipeline<Integer, Integer> pipeline = Pipeline.of("p", add("a", 1));
        assertThatThrownBy(() -> pipeline.steps().add(add("b", 1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void stepNaming() {
        Step<Integer, Integer> anonymous = (signal, state) -> StepResult.none();
        assertThat(anonymous.named("n").name()).isEqualTo("n");
        assertThat(Step.<Integer, Integer>of("m", (signal, state) -> StepResult.none()).name()).isEqualTo("m");
        assertThat(anonymous.named("n").apply(signal(1), 0)).isSameAs(StepResult.none());
    }
}
