package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The processing step shared by the engine and the Kafka stage processor. */
class SignalStepTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    /** A user's deposit. */
    record Deposit(String user, int amount) {
    }

    /** Emits the balance, then adds the amount; 0 changes nothing; negative amounts make the step throw. */
    private static final Pipeline<Deposit, Integer> PIPELINE = Pipeline.of("bank",
            Step.of("seen", (signal, state) -> StepResult.emit(Emission.of(signal, "seen", "bank.seen", state))),
            Step.of("add", (signal, state) -> {
                int amount = signal.payload().amount();
                if (amount < 0) {
                    throw new IllegalArgumentException("negative");
                }
                return amount == 0 ? StepResult.none() : StepResult.update(s -> s + amount);
            }));

    private static Signal<Deposit> deposit(String id, String user, int amount, long second) {
        return Signal.of(new Deposit(user, amount), T0.plusSeconds(second), "bank", id);
    }

    private static void rejectLargeAmounts(Signal<Deposit> signal) {
        if (signal.payload().amount() > 1000) {
            throw new ValidationException("payload.amount", "too large");
        }
    }

    private static EngineBuilder<Deposit, Integer> builder() {
        return Engine.builder(PIPELINE, 0).keyedBy(signal -> signal.payload().user())
                .validator(SignalStepTest::rejectLargeAmounts);
    }

    /** Records the calls of every hook and of the states, in order. */
    private static final class Calls implements EngineHooks<Deposit, Integer>, SignalStep.States<Deposit, Integer> {
        final List<String> calls = new ArrayList<>();
        final Map<String, State<Integer>> stored = new HashMap<>();
        RuntimeException commitFailure;

        @Override
        public void onSignal(Signal<Deposit> signal) {
            calls.add("signal " + signal.signalId());
        }

        @Override
        public void onEmission(Emission<?> emission) {
            calls.add("emission " + emission.emissionId());
        }

        @Override
        public void onStateChange(String key, State<Integer> before, State<Integer> after) {
            calls.add("change " + key + " v" + before.version() + "->v" + after.version());
        }

        @Override
        public void onError(Signal<Deposit> signal, Throwable error) {
            calls.add("error " + signal.signalId() + " " + error.getClass().getSimpleName());
        }

        @Override
        public State<Integer> load(String key) {
            calls.add("load " + key);
            return stored.get(key);
        }

        @Override
        public void commit(SignalStep.Outcome<Deposit, Integer> outcome) {
            calls.add("commit " + outcome.key() + (outcome.stateToStore() ? " store" : ""));
            if (commitFailure != null) {
                throw commitFailure;
            }
            if (outcome.stateToStore()) {
                stored.put(outcome.key(), outcome.state());
            }
        }

        @Override
        public void failed(Signal<Deposit> signal, RuntimeException error) {
            calls.add("failed " + signal.signalId());
        }
    }

    @Test
    void aNewEntityStartsAtVersionZeroCreatedAtTheSignalsEventTime() {
        SignalStep<Deposit, Integer> step = builder().build().step();

        SignalStep.Outcome<Deposit, Integer> outcome = step.process(deposit("a", "ann", 5, 10), (State<Integer>) null);

        assertThat(outcome.key()).isEqualTo("ann");
        assertThat(outcome.created()).isTrue();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.stateToStore()).isTrue();
        assertThat(outcome.before()).isEqualTo(State.initial(0, T0.plusSeconds(10)));
        assertThat(outcome.state()).isEqualTo(new State<>(5, 1, T0.plusSeconds(10), T0.plusSeconds(10), List.of(), 0));
        assertThat(outcome.emissions()).extracting(Emission::emissionId).containsExactly("a:seen");
        assertThatThrownBy(() -> outcome.emissions().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNewEntityLeftUnchangedIsStillStoredAtVersionZero() {
        SignalStep.Outcome<Deposit, Integer> outcome = builder().build().step()
                .process(deposit("a", "ann", 0, 10), (State<Integer>) null);

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.stateToStore()).isTrue();
        assertThat(outcome.state()).isSameAs(outcome.before());
        assertThat(outcome.state().version()).isZero();
    }

    @Test
    void anUnchangedStoredStateIsNotToBeStoredAndKeepsVersionAndTimes() {
        State<Integer> stored = new State<>(7, 3, T0, T0.plusSeconds(5), List.of(), 0);

        SignalStep.Outcome<Deposit, Integer> outcome = builder().build().step()
                .process(deposit("b", "ann", 0, 50), stored);

        assertThat(outcome.state()).isSameAs(stored);
        assertThat(outcome.created()).isFalse();
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.stateToStore()).isFalse();
    }

    @Test
    void aChangeBumpsTheVersionAndUpdatedAtOnly() {
        State<Integer> stored = new State<>(7, 3, T0, T0.plusSeconds(5), List.of(), 0);

        SignalStep.Outcome<Deposit, Integer> outcome = builder().build().step()
                .process(deposit("b", "ann", 2, 50), stored);

        assertThat(outcome.state()).isEqualTo(new State<>(9, 4, T0, T0.plusSeconds(50), List.of(), 0));
        assertThat(outcome.before()).isSameAs(stored);
        assertThat(outcome.stateToStore()).isTrue();
    }

    @Test
    void hooksFireAroundTheCommitInTheDocumentedOrder() {
        Calls calls = new Calls();
        SignalStep<Deposit, Integer> step = builder().hooks(calls).build().step();

        step.process(deposit("a", "ann", 3, 0), calls);
        step.process(deposit("b", "ann", 0, 1), calls);

        assertThat(calls.calls).containsExactly(
                "signal a", "load ann", "commit ann store", "change ann v0->v1", "emission a:seen",
                "signal b", "load ann", "commit ann", "emission b:seen");
    }

    @Test
    void aRejectedSignalIsNeitherLoadedNorCommittedAndOnlyOnErrorFollowsOnSignal() {
        Calls calls = new Calls();
        SignalStep<Deposit, Integer> step = builder().hooks(calls).build().step();

        assertThatThrownBy(() -> step.process(deposit("a", "ann", 5000, 0), calls))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.amount"));
        assertThatThrownBy(() -> step.process(deposit("b", "ann", -1, 0), calls))
                .isInstanceOf(StepFailedException.class);

        assertThat(calls.calls).containsExactly("signal a", "failed a", "error a ValidationException",
                "signal b", "load ann", "failed b", "error b StepFailedException");
        assertThat(calls.stored).isEmpty();
    }

    @Test
    void aCommitThatThrowsRejectsTheSignalWithoutStateOrEmissionHooks() {
        Calls calls = new Calls();
        calls.commitFailure = new IllegalStateException("too large to write");
        SignalStep<Deposit, Integer> step = builder().hooks(calls).build().step();

        assertThatThrownBy(() -> step.process(deposit("a", "ann", 3, 0), calls)).isSameAs(calls.commitFailure);

        assertThat(calls.calls).containsExactly("signal a", "load ann", "commit ann store", "failed a",
                "error a IllegalStateException");
    }

    @Test
    void theEnginesCountersAreUpToDateWhenItsHooksRun() {
        List<String> seen = new ArrayList<>();
        AtomicReference<Engine<Deposit, Integer>> engine = new AtomicReference<>();
        engine.set(builder()
                .onEmission(emission -> seen.add("processed " + engine.get().stats().signalsProcessed()))
                .onError((signal, error) -> seen.add("errors " + engine.get().stats().errors()))
                .build());

        engine.get().process(deposit("a", "ann", 3, 0));
        assertThatThrownBy(() -> engine.get().process(deposit("b", "ann", 5000, 1)))
                .isInstanceOf(ValidationException.class);

        assertThat(seen).containsExactly("processed 1", "errors 1");
    }

    @Test
    void throwingHooksChangeNothing() {
        SignalStep<Deposit, Integer> step = builder().hooks(new ThrowingHooks<>()).build().step();

        assertThat(step.process(deposit("a", "ann", 3, 0), (State<Integer>) null).state().value()).isEqualTo(3);
        assertThatThrownBy(() -> step.process(deposit("b", "ann", 5000, 0), (State<Integer>) null))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void aStoredStateKeepsTheStepsHistoryLimit() {
        SignalStep<Deposit, Integer> step = builder().enableHistory(2).build().step();

        SignalStep.Outcome<Deposit, Integer> outcome = step.process(deposit("a1", "ann", 5, 1), State.initial(10, T0));

        assertThat(outcome.state().historyLimit()).isEqualTo(2);
        assertThat(outcome.state().history()).extracting(State.Transition::signalId).containsExactly("a1");
    }

    @Test
    void aStateStoredWithoutTimesCountsAsFirstSeenByTheSignal() {
        Signal<Deposit> signal = deposit("a", "ann", 2, 30);
        State<Integer> legacy = SignalStep.restore(7, 0, null, null, signal);

        assertThat(legacy).isEqualTo(new State<>(7, 0, T0.plusSeconds(30), T0.plusSeconds(30), List.of(), 0));
        assertThat(SignalStep.restore(7, 4, T0, null, signal).updatedAt()).isEqualTo(T0);
        assertThat(SignalStep.restore(7, 4, T0, T0.plusSeconds(3), signal))
                .isEqualTo(new State<>(7, 4, T0, T0.plusSeconds(3), List.of(), 0));

        SignalStep<Deposit, Integer> step = builder().build().step();
        SignalStep.Outcome<Deposit, Integer> changed = step.process(signal, legacy);
        SignalStep.Outcome<Deposit, Integer> unchanged = step.process(deposit("b", "ann", 0, 40),
                SignalStep.restore(7, 0, null, null, deposit("b", "ann", 0, 40)));

        assertThat(changed.state()).isEqualTo(new State<>(9, 1, T0.plusSeconds(30), T0.plusSeconds(30), List.of(), 0));
        assertThat(unchanged.stateToStore()).isFalse();
    }

    @Provide
    Arbitrary<List<Signal<Deposit>>> deposits() {
        Arbitrary<Deposit> deposit = Combinators.combine(Arbitraries.of("ann", "bob", "cid"),
                Arbitraries.integers().between(-1, 1200).injectDuplicates(0.3)).as(Deposit::new);
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, 100_000);
        return Combinators.combine(deposit, seconds).as((d, s) -> Signal.of(d, T0.plusSeconds(s), "bank", "x"))
                .list().ofMaxSize(40)
                .map(list -> {
                    List<Signal<Deposit>> numbered = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        Signal<Deposit> s = list.get(i);
                        numbered.add(Signal.of(s.payload(), s.timestamp(), "bank", "sig_" + i));
                    }
                    return numbered;
                });
    }

    /**
     * A caller that keeps only values and stamps (as the Kafka processor does) and one that keeps whole states (the
     * engine) see the same emissions, rejections and states, versions and times included.
     */
    @Property(tries = 300)
    void aCallerStoringValuesAndStampsAgreesWithTheEngine(@ForAll("deposits") List<Signal<Deposit>> signals) {
        Engine<Deposit, Integer> engine = builder().build();
        SignalStep<Deposit, Integer> step = builder().build().step();
        Map<String, State<Integer>> stamped = new HashMap<>();

        for (Signal<Deposit> signal : signals) {
            Object expected = outcomeOf(() -> engine.process(signal));
            Object actual = outcomeOf(() -> step.process(signal, new SignalStep.States<>() {
                @Override
                public State<Integer> load(String key) {
                    State<Integer> kept = stamped.get(key);
                    return kept == null ? null : SignalStep.restore(kept.value(), kept.version(), kept.createdAt(),
                            kept.updatedAt(), signal);
                }

                @Override
                public void commit(SignalStep.Outcome<Deposit, Integer> outcome) {
                    if (outcome.stateToStore()) {
                        stamped.put(outcome.key(), outcome.state());
                    }
                }
            }).emissions());
            assertThat(actual).isEqualTo(expected);
        }

        assertThat(stamped.keySet()).isEqualTo(engine.keys());
        for (String key : engine.keys()) {
            assertThat(stamped.get(key)).isEqualTo(engine.getState(key));
        }
    }

    private static Object outcomeOf(java.util.function.Supplier<List<Emission<?>>> processing) {
        try {
            return processing.get();
        } catch (ValidationException | StepFailedException e) {
            return e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }
}
