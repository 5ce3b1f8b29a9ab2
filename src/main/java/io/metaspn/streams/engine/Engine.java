package io.metaspn.streams.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs signals through a {@link Pipeline}, keeping one {@link State} per entity key.
 *
 * <p>For each signal, its {@link #step() step} (the same {@link SignalStep} the Kafka stage processor
 * runs): validate it, find its key (one constant key unless built with {@link EngineBuilder#keyedBy}),
 * run the pipeline from that key's state (or the initial state), store the new state, fire the hooks,
 * and return the emissions in order. A signal that fails validation or makes a step throw changes no
 * state and is rethrown after the {@code onError} hooks ran (and counts in {@link EngineStats#errors()}).
 *
 * <p>Not thread-safe: like a Kafka Streams task, one engine serves one thread.
 *
 * @param <T> the signal payload type
 * @param <S> the state value type
 */
public final class Engine<T, S> {
    /** The key of the one state of an engine that is not keyed by entity. */
    public static final String DEFAULT_KEY = "";

    /**
     * One processed signal and what it emitted.
     *
     * @param signal    the signal
     * @param emissions its emissions, in order
     */
    public record Processed<T>(Signal<T> signal, List<Emission<?>> emissions) {
    }

    private final SignalStep<T, S> step;
    private final SignalStep.States<T, S> states = new StoredStates();
    private final StateStore<S> store;
    private final InMemoryStateStore<S> fastStore;
    private final int stateHistoryLimit;
    private final Deque<Signal<T>> signalHistory;
    private final int signalHistoryLimit;
    private final Deque<Emission<?>> emissionHistory;
    private final int emissionHistoryLimit;

    private long signalsProcessed;
    private long emissionsProduced;
    private long errors;
    private long stateUpdates;
    private Instant firstSignalTime;
    private Instant lastSignalTime;

    Engine(EngineBuilder<T, S> builder) {
        this.step = new SignalStep<>(builder.pipeline, builder.initialValue, builder.keyFunction, builder.validator,
                builder.hooks, builder.stateHistoryLimit);
        this.store = builder.store;
        this.fastStore = store instanceof InMemoryStateStore<S> memory ? memory : null;
        this.stateHistoryLimit = builder.stateHistoryLimit;
        this.signalHistoryLimit = builder.signalHistoryLimit;
        this.emissionHistoryLimit = builder.emissionHistoryLimit;
        this.signalHistory = signalHistoryLimit > 0 ? new ArrayDeque<>() : null;
        this.emissionHistory = emissionHistoryLimit > 0 ? new ArrayDeque<>() : null;
    }

    /** A builder for an engine running {@code pipeline} from {@code initialValue}. */
    public static <T, S> EngineBuilder<T, S> builder(Pipeline<T, S> pipeline, S initialValue) {
        return new EngineBuilder<>(pipeline, initialValue);
    }

    /** The pipeline this engine runs. */
    public Pipeline<T, S> pipeline() {
        return step.pipeline();
    }

    /** The state key of {@code signal}. */
    public String keyOf(Signal<T> signal) {
        return step.keyOf(signal);
    }

    /**
     * Processes one signal and returns its emissions in order: {@link SignalStep#process} with this engine's
     * states (validation, hooks, pipeline and the new state are the step's).
     *
     * @throws ValidationException when the signal fails validation (state untouched)
     * @throws StepFailedException when a step throws (state untouched)
     */
    public List<Emission<?>> process(Signal<T> signal) {
        Objects.requireNonNull(signal, "signal");
        return step.process(signal, states).emissions();
    }

    /**
     * The processing step this engine runs for each signal (its validator, key, pipeline, hooks and state
     * history): a caller that keeps the states elsewhere, such as the Kafka stage processor, runs the same step.
     */
    public SignalStep<T, S> step() {
        return step;
    }

    /** Processes signals in order; the emissions of all of them, in order. Stops at the first failure. */
    public List<Emission<?>> processBatch(Iterable<? extends Signal<T>> signals) {
        List<Emission<?>> all = new ArrayList<>();
        for (Signal<T> signal : signals) {
            all.addAll(process(signal));
        }
        return all;
    }

    /** A lazy stream that processes each signal when it is consumed, paired with its emissions. */
    public Stream<Processed<T>> stream(Stream<? extends Signal<T>> signals) {
        return signals.map(signal -> new Processed<>(signal, process(signal)));
    }

    /** The state of the default key (for an engine not keyed by entity). */
    public State<S> getState() {
        return getState(DEFAULT_KEY);
    }

    /**
     * The state of {@code key}: the stored one, or, for a key never seen, the initial state at
     * version 0 (its times are the epoch, as no signal has set them yet).
     */
    public State<S> getState(String key) {
        State<S> state = stateOrNull(key);
        if (state != null) {
            return state;
        }
        State<S> initial = State.initial(step.initialValue(), Instant.EPOCH);
        return stateHistoryLimit > 0 ? initial.enableHistory(stateHistoryLimit) : initial;
    }

    /** The keys that have a state. */
    public Set<String> keys() {
        return store.keys();
    }

    /** Forgets every state. */
    public void resetState() {
        store.clear();
    }

    /** Forgets the state of {@code key}. */
    public void resetState(String key) {
        store.delete(key);
    }

    /** The counters so far. */
    public EngineStats stats() {
        return new EngineStats(signalsProcessed, emissionsProduced, errors, stateUpdates, firstSignalTime,
                lastSignalTime);
    }

    /** The last processed signals, oldest first (empty unless enabled). */
    public List<Signal<T>> signalHistory() {
        return signalHistory == null ? List.of() : List.copyOf(signalHistory);
    }

    /** The last emissions, oldest first (empty unless enabled). */
    public List<Emission<?>> emissionHistory() {
        return emissionHistory == null ? List.of() : List.copyOf(emissionHistory);
    }

    private State<S> stateOrNull(String key) {
        return fastStore != null ? fastStore.get(key) : store.load(key).orElse(null);
    }

    /** The engine's store as the step's states: a committed outcome is stored and counted, a failure counted. */
    private final class StoredStates implements SignalStep.States<T, S> {
        @Override
        public State<S> load(String key) {
            return stateOrNull(key);
        }

        @Override
        public void commit(SignalStep.Outcome<T, S> outcome) {
            if (outcome.stateToStore()) {
                store.save(outcome.key(), outcome.state());
            }
            record(outcome.signal(), outcome.emissions(), outcome.changed());
        }

        @Override
        public void failed(Signal<T> signal, RuntimeException error) {
            errors++;
        }
    }

    private void record(Signal<T> signal, List<Emission<?>> emissions, boolean stateChanged) {
        signalsProcessed++;
        emissionsProduced += emissions.size();
        if (stateChanged) {
            stateUpdates++;
        }
        if (firstSignalTime == null) {
            firstSignalTime = signal.timestamp();
        }
        lastSignalTime = signal.timestamp();
        if (signalHistory != null) {
            append(signalHistory, signal, signalHistoryLimit);
        }
        if (emissionHistory != null) {
            for (Emission<?> emission : emissions) {
                append(emissionHistory, emission, emissionHistoryLimit);
            }
        }
    }

    private static <E> void append(Deque<E> history, E element, int limit) {
        history.addLast(element);
        while (history.size() > limit) {
            history.removeFirst();
        }
    }
}
