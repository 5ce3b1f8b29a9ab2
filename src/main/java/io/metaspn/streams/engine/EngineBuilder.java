package io.metaspn.streams.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Configures an {@link Engine}: keying, validation, hooks, histories and the state store.
 *
 * @param <T> the signal payload type
 * @param <S> the state value type
 */
public final class EngineBuilder<T, S> {
    final Pipeline<T, S> pipeline;
    final S initialValue;
    Function<? super Signal<T>, String> keyFunction = signal -> Engine.DEFAULT_KEY;
    Consumer<? super Signal<T>> validator = signal -> { };
    StateStore<S> store = new InMemoryStateStore<>();
    final List<EngineHooks<T, S>> hooks = new ArrayList<>();
    int stateHistoryLimit;
    int signalHistoryLimit;
    int emissionHistoryLimit;

    EngineBuilder(Pipeline<T, S> pipeline, S initialValue) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.initialValue = Objects.requireNonNull(initialValue, "initialValue");
    }

    /** Keeps one state per entity, the key being {@code keyFunction(signal)}. */
    public EngineBuilder<T, S> keyedBy(Function<? super Signal<T>, String> keyFunction) {
        this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
        return this;
    }

    /** Checks each signal before processing; the check throws {@link ValidationException} to reject it. */
    public EngineBuilder<T, S> validator(Consumer<? super Signal<T>> validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /** Keeps states in {@code store} instead of memory. */
    public EngineBuilder<T, S> stateStore(StateStore<S> store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Adds a hook. */
    public EngineBuilder<T, S> hooks(EngineHooks<T, S> hook) {
        hooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /** Calls {@code action} before each signal. */
    public EngineBuilder<T, S> onSignal(Consumer<Signal<T>> action) {
        return hooks(new EngineHooks<>() {
            @Override
            public void onSignal(Signal<T> signal) {
                action.accept(signal);
            }
        });
    }

    /** Calls {@code action} for each emission. */
    public EngineBuilder<T, S> onEmission(Consumer<Emission<?>> action) {
        return hooks(new EngineHooks<>() {
            @Override
            public void onEmission(Emission<?> emission) {
                action.accept(emission);
            }
        });
    }

    /** Calls {@code action} with the states before and after each change. */
    public EngineBuilder<T, S> onStateChange(BiConsumer<State<S>, State<S>> action) {
        return hooks(new EngineHooks<>() {
            @Override
            public void onStateChange(String key, State<S> before, State<S> after) {
                action.accept(before, after);
            }
        });
    }

    /** Calls {@code action} for each failed signal. */
    public EngineBuilder<T, S> onError(BiConsumer<Signal<T>, Throwable> action) {
        return hooks(new EngineHooks<>() {
            @Override
            public void onError(Signal<T> signal, Throwable error) {
                action.accept(signal, error);
            }
        });
    }

    /** Keeps the last {@code limit} transitions in each state. */
    public EngineBuilder<T, S> enableHistory(int limit) {
        this.stateHistoryLimit = positive(limit);
        return this;
    }

    /** Keeps the last {@code limit} processed signals. */
    public EngineBuilder<T, S> signalHistory(int limit) {
        this.signalHistoryLimit = positive(limit);
        return this;
    }

    /** Keeps the last {@code limit} emissions. */
    public EngineBuilder<T, S> emissionHistory(int limit) {
        this.emissionHistoryLimit = positive(limit);
        return this;
    }

    /** The engine. */
    public Engine<T, S> build() {
        return new Engine<>(this);
    }

    private static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        return limit;
    }
}
