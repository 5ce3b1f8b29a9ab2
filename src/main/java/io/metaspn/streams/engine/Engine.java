package io.metaspn.streams.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs signals through a {@link Pipeline}, keeping one {@link State} per entity key.
 *
 * <p>For each signal: validate it, find its key (one constant key unless built with
 * {@link EngineBuilder#keyedBy}), run the pipeline from that key's state (or the initial state),
 * store the new state, and return the emissions in order. A signal that fails validation or
 * makes a step throw changes no state and is rethrown after the {@code onError} hooks ran.
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

    private final Pipeline<T, S> pipeline;
    private final S initialValue;
    private final Function<? super Signal<T>, String> keyFunction;
    private final Consumer<? super Signal<T>> validator;
    private final StateStore<S> store;
    private final InMemoryStateStore<S> fastStore;
    private final List<EngineHooks<T, S>> hooks;
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
        this.pipeline = builder.pipeline;
        this.initialValue = builder.initialValue;
        this.keyFunction = builder.keyFunction;
        this.validator = builder.validator;
        this.store = builder.store;
        this.fastStore = store instanceof InMemoryStateStore<S> memory ? memory : null;
        this.hooks = List.copyOf(builder.hooks);
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
        return pipeline;
    }

    /** The state key of {@code signal}. */
    public String keyOf(Signal<T> signal) {
        return Objects.requireNonNull(keyFunction.apply(signal), "entity key");
    }

    /**
     * Processes one signal and returns its emissions in order.
     *
     * @throws ValidationException when the signal fails validation (state untouched)
     * @throws StepFailedException when a step throws (state untouched)
     */
    public List<Emission<?>> process(Signal<T> signal) {
        Objects.requireNonNull(signal, "signal");
        for (EngineHooks<T, S> hook : hooks) {
            safely(() -> hook.onSignal(signal));
        }
        String key;
        State<S> before;
        PipelineResult<S> result;
        try {
            validator.accept(signal);
            key = keyOf(signal);
            before = stateOrNull(key);
            S from = before == null ? initialValue : before.value();
            result = pipeline.run(signal, from);
        } catch (RuntimeException e) {
            errors++;
            for (EngineHooks<T, S> hook : hooks) {
                safely(() -> hook.onError(signal, e));
            }
            throw e;
        }
        State<S> start = before == null ? initialState(signal) : withConfiguredHistory(before);
        State<S> after = start.withValue(result.state(), signal.signalId(), signal.timestamp());
        if (after != start || before == null) {
            store.save(key, after);
        }
        List<Emission<?>> emissions = result.emissions();
        record(signal, emissions, after != start);
        if (!hooks.isEmpty()) {
            if (after != start) {
                for (EngineHooks<T, S> hook : hooks) {
                    safely(() -> hook.onStateChange(key, start, after));
                }
            }
            for (Emission<?> emission : emissions) {
                for (EngineHooks<T, S> hook : hooks) {
                    safely(() -> hook.onEmission(emission));
                }
            }
        }
        return emissions;
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
        State<S> initial = State.initial(initialValue, Instant.EPOCH);
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

    private State<S> initialState(Signal<T> signal) {
        State<S> initial = State.initial(initialValue, signal.timestamp());
        return stateHistoryLimit > 0 ? initial.enableHistory(stateHistoryLimit) : initial;
    }

    /** A stored state keeps the history limit this engine was built with (a store may have saved it without). */
    private State<S> withConfiguredHistory(State<S> state) {
        return stateHistoryLimit > 0 && state.historyLimit() != stateHistoryLimit
                ? state.enableHistory(stateHistoryLimit) : state;
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

    private static void safely(Runnable hookCall) {
        try {
            hookCall.run();
        } catch (RuntimeException ignored) {
            // a failing hook must not change what the engine does
        }
    }
}
