package io.metaspn.streams.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What happens to one signal, wherever it is processed: the one code path shared by the in-process
 * {@link Engine} and the Kafka stage processor, so that a signal is accepted or rejected, and its entity's
 * {@link State} built, the same way in both.
 *
 * <p>For each signal, in this order:
 * <ol>
 *   <li>{@link EngineHooks#onSignal onSignal} hooks, for every signal given to the step (also one that is
 *       then rejected);</li>
 *   <li>the validator (a rejected signal raises {@link ValidationException}), the entity key, and the
 *       entity's stored state from {@link States#load} ({@code null}: an entity not seen before, which starts
 *       from the initial value at version 0, created at the signal's event time);</li>
 *   <li>the pipeline, from the stored value; the new {@link State} is the stored one after
 *       {@link State#withValue}: the same version and times when the value is equal, otherwise version + 1
 *       and updated at the signal's event time (its transition kept when history is enabled);</li>
 *   <li>{@link States#commit}: the caller keeps the {@link Outcome} (stores the state when
 *       {@link Outcome#stateToStore()}, writes the emissions). It may throw to reject the signal;</li>
 *   <li>{@link EngineHooks#onStateChange onStateChange} hooks when the value changed, then
 *       {@link EngineHooks#onEmission onEmission} hooks for each emission in order: only once the outcome was
 *       committed.</li>
 * </ol>
 * When validation, the key, loading, the pipeline or the commit throws, nothing is committed by the step,
 * {@link States#failed} and then the {@link EngineHooks#onError onError} hooks run, and the exception is
 * rethrown: a {@link ValidationException} for a signal the validator rejects, a {@link StepFailedException}
 * for a step that threw. A hook that throws a {@link RuntimeException} is ignored: hooks never change what
 * the step does.
 *
 * <p><b>On Kafka.</b> The stage processor runs this step with its state store as {@link States}. Under
 * exactly-once, a signal can be processed again after an aborted transaction (a task that failed or moved before
 * its commit): then the hooks fire again for it, so a hook with side effects (a counter, a call to another system)
 * can see one signal more than once; only the committed output (emissions, stored state, dead letters) is
 * exactly-once. A signal the processor skips as a duplicate never reaches the step and fires no hook. Hooks run
 * on the stream threads, concurrently for different tasks. States on Kafka are stored without their history.
 *
 * <p>A step holds no state of its own: it can serve several callers if its validator, key function, pipeline
 * and hooks can.
 *
 * @param <T> the signal payload type
 * @param <S> the state value type
 */
public final class SignalStep<T, S> {

    /**
     * What one signal did to its entity. Immutable.
     *
     * @param signal    the signal
     * @param key       its entity's key
     * @param emissions its emissions, in step order
     * @param before    the entity's state before (for a new entity, the initial state at version 0 created at
     *                  the signal's event time)
     * @param state     the entity's new state ({@code before} itself when the value did not change)
     * @param created   whether the entity had no stored state
     * @param changed   whether the signal changed the state's value (and so its version)
     * @param <T>       the signal payload type
     * @param <S>       the state value type
     */
    public record Outcome<T, S>(Signal<T> signal, String key, List<Emission<?>> emissions, State<S> before,
                                State<S> state, boolean created, boolean changed) {
        public Outcome {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(key, "key");
            emissions = List.copyOf(emissions);
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(state, "state");
        }

        /** Whether the caller stores {@link #state}: the entity is new or its value changed. */
        public boolean stateToStore() {
            return created || changed;
        }
    }

    /**
     * Where a step finds an entity's state and keeps what a signal did.
     *
     * @param <T> the signal payload type
     * @param <S> the state value type
     */
    public interface States<T, S> {

        /** The stored state of {@code key}, or {@code null} for an entity not seen before. */
        State<S> load(String key);

        /**
         * Keeps what the signal did, before any {@code onStateChange}/{@code onEmission} hook sees it: store
         * {@link Outcome#state()} when {@link Outcome#stateToStore()}, write the emissions. Throwing rejects the
         * signal (the {@code onError} hooks run and the exception reaches the step's caller).
         */
        void commit(Outcome<T, S> outcome);

        /**
         * The signal failed (validation, key, loading, the pipeline or {@link #commit} threw): called once, before
         * the {@code onError} hooks, so that the caller's own accounting is done when they see the error. Does
         * nothing by default; it must not throw.
         */
        default void failed(Signal<T> signal, RuntimeException error) {
        }
    }

    private final Pipeline<T, S> pipeline;
    private final S initialValue;
    private final Function<? super Signal<T>, String> keyFunction;
    private final Consumer<? super Signal<T>> validator;
    private final List<EngineHooks<T, S>> hooks;
    private final int historyLimit;

    /**
     * A step.
     *
     * @param pipeline     the pipeline
     * @param initialValue the value of an entity not seen before
     * @param keyFunction  the key of a signal's entity
     * @param validator    checks each signal, throwing {@link ValidationException} to reject it
     * @param hooks        called as the class describes
     * @param historyLimit how many transitions each state keeps (0: none)
     */
    SignalStep(Pipeline<T, S> pipeline, S initialValue, Function<? super Signal<T>, String> keyFunction,
               Consumer<? super Signal<T>> validator, List<EngineHooks<T, S>> hooks, int historyLimit) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.initialValue = Objects.requireNonNull(initialValue, "initialValue");
        this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.hooks = List.copyOf(hooks);
        this.historyLimit = historyLimit;
    }

    /** The pipeline this step runs. */
    public Pipeline<T, S> pipeline() {
        return pipeline;
    }

    /** The value of an entity not seen before. */
    public S initialValue() {
        return initialValue;
    }

    /** The entity key of {@code signal}. */
    public String keyOf(Signal<T> signal) {
        return Objects.requireNonNull(keyFunction.apply(signal), "entity key");
    }

    /**
     * Processes {@code signal} against the state {@code states} holds for its entity, and has {@code states}
     * commit the outcome (see the class description for the order of things).
     *
     * @throws ValidationException when the signal fails validation (nothing committed)
     * @throws StepFailedException when a step throws (nothing committed)
     */
    public Outcome<T, S> process(Signal<T> signal, States<T, S> states) {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(states, "states");
        boolean withHooks = !hooks.isEmpty();
        if (withHooks) {
            for (EngineHooks<T, S> hook : hooks) {
                safely(() -> hook.onSignal(signal));
            }
        }
        Outcome<T, S> outcome;
        try {
            validator.accept(signal);
            String key = keyOf(signal);
            State<S> stored = states.load(key);
            PipelineResult<S> result = pipeline.run(signal, stored == null ? initialValue : stored.value());
            State<S> before = stored == null ? initialState(signal) : withConfiguredHistory(stored);
            State<S> after = before.withValue(result.state(), signal.signalId(), signal.timestamp());
            outcome = new Outcome<>(signal, key, result.emissions(), before, after, stored == null, after != before);
            states.commit(outcome);
        } catch (RuntimeException e) {
            states.failed(signal, e);
            for (EngineHooks<T, S> hook : hooks) {
                safely(() -> hook.onError(signal, e));
            }
            throw e;
        }
        if (withHooks) {
            Outcome<T, S> done = outcome;
            if (done.changed()) {
                for (EngineHooks<T, S> hook : hooks) {
                    safely(() -> hook.onStateChange(done.key(), done.before(), done.state()));
                }
            }
            for (Emission<?> emission : done.emissions()) {
                for (EngineHooks<T, S> hook : hooks) {
                    safely(() -> hook.onEmission(emission));
                }
            }
        }
        return outcome;
    }

    /**
     * Processes {@code signal} from {@code current}, the state of its entity ({@code null} for an entity not seen
     * before), keeping nothing: the outcome is the caller's to store.
     *
     * @throws ValidationException when the signal fails validation
     * @throws StepFailedException when a step throws
     */
    public Outcome<T, S> process(Signal<T> signal, State<S> current) {
        return process(signal, new States<>() {
            @Override
            public State<S> load(String key) {
                return current;
            }

            @Override
            public void commit(Outcome<T, S> outcome) {
            }
        });
    }

    /**
     * The state of an entity as a caller that stores values and stamps itself (the Kafka stage processor) read
     * it, for {@link States#load} while {@code signal} is processed. A state stored before its times were recorded
     * has none: it counts as first seen by {@code signal}, so a missing {@code createdAt} becomes the signal's
     * event time, and a missing {@code updatedAt} the {@code createdAt}. Such a state keeps its stored version (0),
     * so its first change after the upgrade is version 1, created and updated at that signal's event time; a signal
     * that leaves it unchanged does not change it (the caller then stores nothing and it stays without times).
     *
     * @param value     the stored value
     * @param version   the stored version
     * @param createdAt event time of the entity's first signal, or {@code null} when not recorded
     * @param updatedAt event time of its last change, or {@code null} when not recorded
     * @param signal    the signal being processed
     */
    public static <S> State<S> restore(S value, long version, Instant createdAt, Instant updatedAt,
                                       Signal<?> signal) {
        Instant created = createdAt != null ? createdAt : signal.timestamp();
        return new State<>(value, version, created, updatedAt != null ? updatedAt : created, List.of(), 0);
    }

    private State<S> initialState(Signal<T> signal) {
        State<S> initial = State.initial(initialValue, signal.timestamp());
        return historyLimit > 0 ? initial.enableHistory(historyLimit) : initial;
    }

    /** A stored state keeps the history limit of this step (a store may have saved it without). */
    private State<S> withConfiguredHistory(State<S> state) {
        return historyLimit > 0 && state.historyLimit() != historyLimit ? state.enableHistory(historyLimit) : state;
    }

    private static void safely(Runnable hookCall) {
        try {
            hookCall.run();
        } catch (RuntimeException ignored) {
            // a failing hook must not change what the step does
        }
    }
}
