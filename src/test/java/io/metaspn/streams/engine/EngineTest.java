package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    /** A user's deposit. */
    record Deposit(String user, int amount) {
    }

    /** Emits the balance before, then adds the amount; amounts of 0 change nothing; negative amounts throw. */
    private static final Pipeline<Deposit, Integer> PIPELINE = Pipeline.of("bank",
            Step.of("seen", (signal, state) -> StepResult.emit(Emission.of(signal, "seen", "bank.seen", state))),
            Step.of("add", (signal, state) -> {
                int amount = signal.payload().amount();
                if (amount < 0) {
                    throw new IllegalArgumentException("negative");
                }
                return amount == 0 ? StepResult.none()
                        : StepResult.of(Emission.of(signal, "add", "bank.added", state + amount), s -> s + amount);
            }));

    private static Signal<Deposit> deposit(String id, String user, int amount, long second) {
        return Signal.of(new Deposit(user, amount), T0.plusSeconds(second), "bank", id);
    }

    private static List<Object> payloads(List<Emission<?>> emissions) {
        List<Object> payloads = new ArrayList<>();
        for (Emission<?> emission : emissions) {
            payloads.add(emission.payload());
        }
        return payloads;
    }

    private static EngineBuilder<Deposit, Integer> builder() {
        return Engine.builder(PIPELINE, 0);
    }

    private static EngineBuilder<Deposit, Integer> keyed() {
        return builder().keyedBy(signal -> signal.payload().user());
    }

    @Test
    void processReturnsEmissionsInStepOrderAndStoresState() {
        Engine<Deposit, Integer> engine = builder().build();

        List<Emission<?>> first = engine.process(deposit("s1", "ann", 5, 0));
        List<Emission<?>> second = engine.process(deposit("s2", "ann", 7, 1));

        assertThat(first).extracting(Emission::emissionId).containsExactly("s1:seen", "s1:add");
        assertThat(payloads(first)).containsExactly(0, 5);
        assertThat(payloads(second)).containsExactly(5, 12);
        State<Integer> state = engine.getState();
        assertThat(state.value()).isEqualTo(12);
        assertThat(state.version()).isEqualTo(2);
        assertThat(state.createdAt()).isEqualTo(T0);
        assertThat(state.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(engine.keys()).containsExactly(Engine.DEFAULT_KEY);
        assertThat(engine.pipeline()).isSameAs(PIPELINE);
    }

    @Test
    void processBatchKeepsSignalOrder() {
        Engine<Deposit, Integer> engine = builder().build();

        List<Emission<?>> emissions = engine.processBatch(List.of(
                deposit("c", "x", 1, 30), deposit("a", "x", 2, 10), deposit("b", "x", 3, 20)));

        assertThat(emissions).extracting(Emission::emissionId)
                .containsExactly("c:seen", "c:add", "a:seen", "a:add", "b:seen", "b:add");
        assertThat(payloads(emissions)).containsExactly(0, 1, 1, 3, 3, 6);
    }

    @Test
    void processBatchStopsAtFirstFailureKeepingEarlierWork() {
        Engine<Deposit, Integer> engine = builder().build();

        assertThatThrownBy(() -> engine.processBatch(List.of(deposit("a", "x", 2, 0), deposit("b", "x", -1, 1),
                deposit("c", "x", 3, 2)))).isInstanceOf(StepFailedException.class);

        assertThat(engine.getState().value()).isEqualTo(2);
        assertThat(engine.stats().signalsProcessed()).isEqualTo(1);
    }

    @Test
    void streamIsLazy() {
        Engine<Deposit, Integer> engine = builder().build();
        Stream<Engine.Processed<Deposit>> stream = engine.stream(Stream.of(
                deposit("a", "x", 1, 0), deposit("b", "x", 2, 1), deposit("c", "x", 3, 2)));

        assertThat(engine.stats().signalsProcessed()).isZero();
        List<Engine.Processed<Deposit>> firstTwo = stream.limit(2).collect(Collectors.toList());

        assertThat(engine.stats().signalsProcessed()).isEqualTo(2);
        assertThat(engine.getState().value()).isEqualTo(3);
        assertThat(firstTwo).extracting(p -> p.signal().signalId()).containsExactly("a", "b");
        assertThat(firstTwo.get(1).emissions()).extracting(Emission::emissionId).containsExactly("b:seen", "b:add");
    }

    @Test
    void getStateOfUnknownKeyIsTheInitialState() {
        Engine<Deposit, Integer> engine = keyed().build();
        engine.process(deposit("a", "ann", 4, 0));

        State<Integer> unknown = engine.getState("bob");
        assertThat(unknown.value()).isZero();
        assertThat(unknown.version()).isZero();
        assertThat(engine.getState("ann").value()).isEqualTo(4);
        assertThat(engine.getState().version()).isZero();
        assertThat(engine.keys()).containsExactly("ann");
    }

    @Test
    void keyedByIsolatesEntityStates() {
        Engine<Deposit, Integer> engine = keyed().build();

        engine.process(deposit("a", "ann", 4, 0));
        List<Emission<?>> bob = engine.process(deposit("b", "bob", 10, 1));
        List<Emission<?>> ann = engine.process(deposit("c", "ann", 1, 2));

        assertThat(payloads(bob)).containsExactly(0, 10);
        assertThat(payloads(ann)).containsExactly(4, 5);
        assertThat(engine.getState("ann").value()).isEqualTo(5);
        assertThat(engine.getState("ann").version()).isEqualTo(2);
        assertThat(engine.getState("bob").value()).isEqualTo(10);
        assertThat(engine.getState("bob").createdAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(engine.keys()).containsExactlyInAnyOrder("ann", "bob");
        assertThat(engine.keyOf(deposit("z", "zed", 1, 0))).isEqualTo("zed");
    }

    @Test
    void unchangedStateKeepsVersionAndUpdatedAt() {
        Engine<Deposit, Integer> engine = builder().build();
        engine.process(deposit("a", "x", 3, 0));
        engine.process(deposit("b", "x", 0, 50));

        assertThat(engine.getState().version()).isEqualTo(1);
        assertThat(engine.getState().updatedAt()).isEqualTo(T0);
        assertThat(engine.stats().stateUpdates()).isEqualTo(1);
    }

    @Test
    void resetStateForgetsAllOrOneKey() {
        Engine<Deposit, Integer> engine = keyed().build();
        engine.process(deposit("a", "ann", 4, 0));
        engine.process(deposit("b", "bob", 5, 0));

        engine.resetState("ann");
        assertThat(engine.keys()).containsExactly("bob");
        assertThat(engine.getState("ann").value()).isZero();
        assertThat(engine.getState("bob").value()).isEqualTo(5);

        engine.resetState();
        assertThat(engine.keys()).isEmpty();
        assertThat(engine.getState("bob").value()).isZero();
        assertThat(payloads(engine.process(deposit("c", "bob", 1, 9)))).containsExactly(0, 1);
    }

    @Test
    void statsCountWorkAndEventTimes() {
        Engine<Deposit, Integer> engine = builder().validator(signal -> Checks.present(
                signal.payload().user().isEmpty() ? null : signal.payload().user(), "payload.user")).build();
        assertThat(engine.stats()).isEqualTo(EngineStats.EMPTY);

        engine.process(deposit("a", "x", 1, 100));
        engine.process(deposit("b", "x", 0, 5));
        assertThatThrownBy(() -> engine.process(deposit("c", "x", -1, 1000))).isInstanceOf(StepFailedException.class);
        assertThatThrownBy(() -> engine.process(deposit("d", "", 1, 2000))).isInstanceOf(ValidationException.class);
        engine.process(deposit("e", "x", 2, 200));

        EngineStats stats = engine.stats();
        assertThat(stats.signalsProcessed()).isEqualTo(3);
        assertThat(stats.emissionsProduced()).isEqualTo(5);
        assertThat(stats.errors()).isEqualTo(2);
        assertThat(stats.stateUpdates()).isEqualTo(2);
        assertThat(stats.firstSignalTime()).isEqualTo(T0.plusSeconds(100));
        assertThat(stats.lastSignalTime()).isEqualTo(T0.plusSeconds(200));
    }

    @Test
    void failingSignalLeavesStateUntouched() {
        Engine<Deposit, Integer> engine = keyed()
                .validator(signal -> {
                    if (signal.payload().amount() > 1000) {
                        throw new ValidationException("payload.amount", "too large");
                    }
                })
                .build();
        engine.process(deposit("a", "ann", 4, 0));
        State<Integer> before = engine.getState("ann");

        assertThatThrownBy(() -> engine.process(deposit("b", "ann", 5000, 1)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.amount"));
        assertThatThrownBy(() -> engine.process(deposit("c", "ann", -1, 2)))
                .isInstanceOf(StepFailedException.class);
        assertThatThrownBy(() -> engine.process(deposit("d", "new", -1, 3)))
                .isInstanceOf(StepFailedException.class);

        assertThat(engine.getState("ann")).isSameAs(before);
        assertThat(engine.keys()).containsExactly("ann");
    }

    @Test
    void failingSignalDoesNotTouchCustomStore() {
        MapStateStore<Integer> store = new MapStateStore<>();
        Engine<Deposit, Integer> engine = builder().stateStore(store).build();
        engine.process(deposit("a", "x", 4, 0));
        int saves = store.saves;

        assertThatThrownBy(() -> engine.process(deposit("b", "x", -1, 1))).isInstanceOf(StepFailedException.class);

        assertThat(store.saves).isEqualTo(saves);
        assertThat(store.load(Engine.DEFAULT_KEY).orElseThrow().value()).isEqualTo(4);
    }

    @Test
    void hooksAreCalledInOrder() {
        List<String> calls = new ArrayList<>();
        Engine<Deposit, Integer> engine = keyed().hooks(new EngineHooks<>() {
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
                calls.add("state " + key + " " + before.value() + "->" + after.value() + " v" + after.version());
            }

            @Override
            public void onError(Signal<Deposit> signal, Throwable error) {
                calls.add("error " + signal.signalId() + " " + error.getClass().getSimpleName());
            }
        }).build();

        engine.process(deposit("a", "ann", 3, 0));
        engine.process(deposit("b", "ann", 0, 1));
        assertThatThrownBy(() -> engine.process(deposit("c", "ann", -1, 2))).isInstanceOf(StepFailedException.class);

        assertThat(calls).containsExactly(
                "signal a", "state ann 0->3 v1", "emission a:seen", "emission a:add",
                "signal b", "emission b:seen",
                "signal c", "error c StepFailedException");
    }

    @Test
    void builderShortcutHooksReceiveTheirArguments() {
        List<Signal<Deposit>> signals = new ArrayList<>();
        List<Emission<?>> emissions = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        Engine<Deposit, Integer> engine = builder()
                .validator(signal -> {
                    if (signal.payload().user().isEmpty()) {
                        throw new ValidationException("payload.user", "must not be empty");
                    }
                })
                .onSignal(signals::add)
                .onEmission(emissions::add)
                .onStateChange((before, after) -> changes.add(before.version() + "->" + after.version()))
                .onError((signal, error) -> errors.add(error))
                .build();

        List<Emission<?>> returned = engine.process(deposit("a", "x", 2, 0));
        assertThatThrownBy(() -> engine.process(deposit("b", "", 2, 1))).isInstanceOf(ValidationException.class);

        assertThat(signals).extracting(Signal::signalId).containsExactly("a", "b");
        assertThat(emissions).isEqualTo(returned);
        assertThat(changes).containsExactly("0->1");
        assertThat(errors).singleElement().isInstanceOf(ValidationException.class);
    }

    @Test
    void throwingHooksAreIgnored() {
        List<String> seen = new ArrayList<>();
        Engine<Deposit, Integer> engine = builder()
                .hooks(new ThrowingHooks<>())
                .onEmission(emission -> seen.add(emission.emissionId()))
                .onError((signal, error) -> seen.add("error " + signal.signalId()))
                .build();

        List<Emission<?>> emissions = engine.process(deposit("a", "x", 2, 0));
        assertThatThrownBy(() -> engine.process(deposit("b", "x", -2, 1)))
                .isInstanceOf(StepFailedException.class)
                .hasRootCauseMessage("negative");

        assertThat(emissions).hasSize(2);
        assertThat(engine.getState().value()).isEqualTo(2);
        assertThat(seen).containsExactly("a:seen", "a:add", "error b");
        assertThat(engine.stats().errors()).isEqualTo(1);
    }

    @Test
    void signalAndEmissionHistoriesAreBounded() {
        Engine<Deposit, Integer> engine = builder().signalHistory(2).emissionHistory(3).build();
        Engine<Deposit, Integer> plain = builder().build();

        for (int i = 1; i <= 4; i++) {
            engine.process(deposit("s" + i, "x", i, i));
            plain.process(deposit("s" + i, "x", i, i));
        }

        assertThat(engine.signalHistory()).extracting(Signal::signalId).containsExactly("s3", "s4");
        assertThat(engine.emissionHistory()).extracting(Emission::emissionId)
                .containsExactly("s3:add", "s4:seen", "s4:add");
        assertThat(plain.signalHistory()).isEmpty();
        assertThat(plain.emissionHistory()).isEmpty();
        assertThatThrownBy(() -> engine.signalHistory().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void stateHistoryIsBoundedPerEntity() {
        Engine<Deposit, Integer> engine = keyed().enableHistory(2).build();
        for (int i = 1; i <= 3; i++) {
            engine.process(deposit("a" + i, "ann", i, i));
        }
        engine.process(deposit("b1", "bob", 9, 10));

        assertThat(engine.getState("ann").history()).extracting(State.Transition::signalId)
                .containsExactly("a2", "a3");
        assertThat(engine.getState("ann").history().get(1))
                .isEqualTo(new State.Transition<>("a3", 3, 6, T0.plusSeconds(3), 3));
        assertThat(engine.getState("bob").history()).extracting(State.Transition::signalId).containsExactly("b1");
        assertThat(engine.getState("nobody").historyEnabled()).isTrue();
    }

    @Test
    void stateLoadedWithoutHistoryKeepsTheEnginesHistoryLimit() {
        InMemoryStateStore<Integer> store = new InMemoryStateStore<>();
        store.save("ann", State.initial(10, T0));
        Engine<Deposit, Integer> engine = keyed().stateStore(store).enableHistory(2).build();

        engine.process(deposit("a1", "ann", 5, 1));

        assertThat(engine.getState("ann").historyLimit()).isEqualTo(2);
        assertThat(engine.getState("ann").history()).extracting(State.Transition::signalId).containsExactly("a1");
    }

    @Test
    void builderRejectsNonPositiveLimits() {
        assertThatThrownBy(() -> builder().signalHistory(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().emissionHistory(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().enableHistory(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Engine.builder(PIPELINE, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void customStoreStateSurvivesAcrossEngines(@TempDir Path dir) {
        Path file = dir.resolve("states.tsv");

        Engine<Deposit, Integer> first = keyed().stateStore(new FileStateStore(file)).build();
        first.process(deposit("a", "ann", 4, 0));
        first.process(deposit("b", "bob", 1, 1));
        first.process(deposit("c", "ann", 6, 2));

        Engine<Deposit, Integer> second = keyed().stateStore(new FileStateStore(file)).build();
        assertThat(second.keys()).containsExactlyInAnyOrder("ann", "bob");
        List<Emission<?>> emissions = second.process(deposit("d", "ann", 5, 3));

        assertThat(payloads(emissions)).containsExactly(10, 15);
        State<Integer> ann = second.getState("ann");
        assertThat(ann.value()).isEqualTo(15);
        assertThat(ann.version()).isEqualTo(3);
        assertThat(ann.createdAt()).isEqualTo(T0);
        assertThat(ann.updatedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(second.getState("bob").value()).isEqualTo(1);
        assertThat(new FileStateStore(file).load("ann").orElseThrow().value()).isEqualTo(15);

        second.resetState("bob");
        assertThat(new FileStateStore(file).keys()).containsExactly("ann");
    }

    @Test
    void sharedMapStoreIsUsedInsteadOfMemory() {
        MapStateStore<Integer> store = new MapStateStore<>();
        Engine<Deposit, Integer> first = builder().stateStore(store).build();
        first.process(deposit("a", "x", 4, 0));

        Engine<Deposit, Integer> second = builder().stateStore(store).build();
        second.process(deposit("b", "x", 1, 1));

        assertThat(store.load(Engine.DEFAULT_KEY).orElseThrow().value()).isEqualTo(5);
        assertThat(first.getState().value()).isEqualTo(5);
        first.resetState();
        assertThat(store.keys()).isEmpty();
    }

    /** A map-backed store that counts saves. */
    static final class MapStateStore<S> implements StateStore<S> {
        private final Map<String, State<S>> states = new LinkedHashMap<>();
        private int saves;

        @Override
        public Optional<State<S>> load(String key) {
            return Optional.ofNullable(states.get(key));
        }

        @Override
        public void save(String key, State<S> state) {
            saves++;
            states.put(key, state);
        }

        @Override
        public void delete(String key) {
            states.remove(key);
        }

        @Override
        public Set<String> keys() {
            return Set.copyOf(states.keySet());
        }
    }

    /** Integer states in a tab-separated file: key, value, version, createdAt, updatedAt. */
    static final class FileStateStore implements StateStore<Integer> {
        private final Path file;

        FileStateStore(Path file) {
            this.file = file;
        }

        private Map<String, State<Integer>> read() {
            Map<String, State<Integer>> states = new TreeMap<>();
            if (!Files.exists(file)) {
                return states;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", -1);
                    states.put(f[0], new State<>(Integer.parseInt(f[1]), Long.parseLong(f[2]), Instant.parse(f[3]),
                            Instant.parse(f[4]), List.of(), 0));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return states;
        }

        private void write(Map<String, State<Integer>> states) {
            List<String> lines = new ArrayList<>();
            states.forEach((key, s) -> lines.add(String.join("\t", key, s.value().toString(),
                    Long.toString(s.version()), s.createdAt().toString(), s.updatedAt().toString())));
            try {
                Files.write(file, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<State<Integer>> load(String key) {
            return Optional.ofNullable(read().get(key));
        }

        @Override
        public void save(String key, State<Integer> state) {
            Map<String, State<Integer>> states = read();
            states.put(key, state);
            write(states);
        }

        @Override
        public void delete(String key) {
            Map<String, State<Integer>> states = read();
            states.remove(key);
            write(states);
        }

        @Override
        public Set<String> keys() {
            return read().keySet();
        }
    }
}
