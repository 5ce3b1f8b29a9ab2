package io.metaspn.streams.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Ready-made steps. Steps that must remember something between signals (change detection,
 * windows) keep it in the state through a {@link Lens}, never in a closure, so that memory is
 * per entity and a replay from the same state gives the same result.
 */
public final class Transforms {
    private static final System.Logger LOG = System.getLogger("io.metaspn.streams.engine.Transforms");

    private Transforms() {
    }

    /** Emits {@code fn(payload)} for every signal. */
    public static <T, S, U> EmitStep<T, S, U> mapToEmission(String emissionType, Function<? super T, ? extends U> fn) {
        Objects.requireNonNull(fn, "fn");
        return emit(emissionType, (signal, state) -> fn.apply(signal.payload()));
    }

    /** Emits {@code payload(signal, state)} for every signal. */
    public static <T, S, U> EmitStep<T, S, U> emit(String emissionType,
                                                   BiFunction<? super Signal<T>, ? super S, ? extends U> payload) {
        return new EmitStep<>(emissionType, payload, (signal, state) -> true, EmissionIdFactory.byType(),
                TimestampFactory.eventTime(), Metadata.empty());
    }

    /** Emits {@code payload(signal, state)} when {@code condition} holds. */
    public static <T, S, U> EmitStep<T, S, U> emitIf(BiPredicate<? super Signal<T>, ? super S> condition,
                                                     String emissionType,
                                                     BiFunction<? super Signal<T>, ? super S, ? extends U> payload) {
        return Transforms.<T, S, U>emit(emissionType, payload).when(condition);
    }

    /**
     * Emits a {@link Change} when {@code watched(signal, state)} differs from the value last seen,
     * which lives in the state field {@code lastSeen} (so it is per entity and replay-safe).
     * The first value seen counts as a change from {@code null}.
     */
    public static <T, S, V> Step<T, S> emitOnChange(String emissionType,
                                                    BiFunction<? super Signal<T>, ? super S, V> watched,
                                                    Lens<S, V> lastSeen) {
        Objects.requireNonNull(watched, "watched");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Step<T, S> step = (signal, state) -> {
            V current = watched.apply(signal, state);
            V previous = lastSeen.get(state);
            if (Objects.equals(current, previous)) {
                return StepResult.none();
            }
            Emission<Change<V>> emission = new Emission<>(new Change<>(previous, current), signal.signalId(),
                    emissionType, signal.emissionId(emissionType), signal.timestamp(), Metadata.empty());
            return StepResult.of(emission, s -> lastSeen.set(s, current));
        };
        return step.named("emitOnChange(" + emissionType + ")");
    }

    /** Folds each signal into one state field: {@code field = combiner(field, signal)}. */
    public static <T, S, V> Step<T, S> accumulate(Lens<S, V> field, BiFunction<V, ? super Signal<T>, V> combiner) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(combiner, "combiner");
        Step<T, S> step = (signal, state) -> StepResult.update(s -> field.set(s, combiner.apply(field.get(s), signal)));
        return step.named("accumulate");
    }

    /** Replaces the state with {@code newState(signal)}. */
    public static <T, S> Step<T, S> setState(Function<? super Signal<T>, S> newState) {
        Objects.requireNonNull(newState, "newState");
        Step<T, S> step = (signal, state) -> StepResult.update(s -> newState.apply(signal));
        return step.named("setState");
    }

    /** Replaces the state with {@code update(state, signal)}, typically through the state's withers. */
    public static <T, S> Step<T, S> updateState(BiFunction<S, ? super Signal<T>, S> update) {
        Objects.requireNonNull(update, "update");
        Step<T, S> step = (signal, state) -> StepResult.update(s -> update.apply(s, signal));
        return step.named("updateState");
    }

    /** Sets one state field to {@code value(signal)}. */
    public static <T, S, V> Step<T, S> updateState(Lens<S, V> field, Function<? super Signal<T>, V> value) {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Step<T, S> step = (signal, state) -> StepResult.update(s -> field.set(s, value.apply(signal)));
        return step.named("updateState");
    }

    /**
     * A sliding count window over the last {@code size} payloads, kept in the state field
     * {@code buffer}; once it holds {@code size} payloads, each signal emits {@code aggregate(window)}.
     */
    public static <T, S, U> Step<T, S> window(int size, Lens<S, List<T>> buffer, String emissionType,
                                              Function<List<T>, ? extends U> aggregate) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be >= 1, got " + size);
        }
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(aggregate, "aggregate");
        Step<T, S> step = (signal, state) -> {
            List<T> before = buffer.get(state);
            List<T> window = new ArrayList<>(size);
            int from = Math.max(0, before.size() + 1 - size);
            window.addAll(before.subList(from, before.size()));
            window.add(signal.payload());
            List<T> kept = List.copyOf(window);
            UnaryOperator<S> updater = s -> buffer.set(s, kept);
            if (kept.size() < size) {
                return StepResult.update(updater);
            }
            return StepResult.of(new Emission<U>(aggregate.apply(kept), signal.signalId(), emissionType,
                    signal.emissionId(emissionType), signal.timestamp(), Metadata.empty()), updater);
        };
        return step.named("window(" + size + ")");
    }

    /**
     * A sliding event-time window: the payloads whose timestamps lie in
     * {@code (signal.timestamp - duration, signal.timestamp]}, kept in the state field {@code buffer};
     * each signal emits {@code aggregate(window)}. Entries older than {@code duration} before the
     * latest event time seen are evicted, so a late (out-of-order) signal does not drop newer entries.
     */
    public static <T, S, U> Step<T, S> timeWindow(Duration duration, Lens<S, List<Timestamped<T>>> buffer,
                                                  String emissionType, Function<List<T>, ? extends U> aggregate) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("window duration must be positive, got " + duration);
        }
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(aggregate, "aggregate");
        Step<T, S> step = (signal, state) -> {
            Instant now = signal.timestamp();
            Instant start = now.minus(duration);
            // Evict by the latest time seen, so that a late signal does not drop newer entries.
            Instant latest = now;
            for (Timestamped<T> entry : buffer.get(state)) {
                if (entry.timestamp().isAfter(latest)) {
                    latest = entry.timestamp();
                }
            }
            Instant keepAfter = latest.minus(duration);
            List<Timestamped<T>> kept = new ArrayList<>();
            List<T> values = new ArrayList<>();
            for (Timestamped<T> entry : buffer.get(state)) {
                if (entry.timestamp().isAfter(keepAfter)) {
                    kept.add(entry);
                }
                if (entry.timestamp().isAfter(start) && !entry.timestamp().isAfter(now)) {
                    values.add(entry.value());
                }
            }
            if (now.isAfter(keepAfter)) {
                kept.add(new Timestamped<>(signal.payload(), now));
            }
            values.add(signal.payload());
            List<Timestamped<T>> frozen = List.copyOf(kept);
            return StepResult.of(new Emission<U>(aggregate.apply(List.copyOf(values)), signal.signalId(),
                    emissionType, signal.emissionId(emissionType), now, Metadata.empty()), s -> buffer.set(s, frozen));
        };
        return step.named("timeWindow(" + duration + ")");
    }

    /** Runs {@code ifTrue} or {@code ifFalse} depending on the signal and state. */
    public static <T, S> Step<T, S> branch(BiPredicate<? super Signal<T>, ? super S> predicate, Step<T, S> ifTrue,
                                           Step<T, S> ifFalse) {
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(ifTrue, "ifTrue");
        Objects.requireNonNull(ifFalse, "ifFalse");
        Step<T, S> step = (signal, state) -> (predicate.test(signal, state) ? ifTrue : ifFalse).apply(signal, state);
        return step.named("branch");
    }

    /**
     * Runs all {@code steps} on the same input state: emissions concatenated in step order, updaters
     * applied one after another in step order.
     */
    @SafeVarargs
    public static <T, S> Step<T, S> merge(Step<T, S>... steps) {
        List<Step<T, S>> all = List.of(steps);
        Step<T, S> step = (signal, state) -> {
            List<Emission<?>> emissions = new ArrayList<>();
            List<UnaryOperator<S>> updaters = new ArrayList<>();
            boolean halt = false;
            for (Step<T, S> part : all) {
                StepResult<S> result = part.apply(signal, state);
                emissions.addAll(result.emissions());
                if (result.updater() != null) {
                    updaters.add(result.updater());
                }
                halt |= result.halt();
            }
            UnaryOperator<S> combined = updaters.isEmpty() ? null : s -> {
                S current = s;
                for (UnaryOperator<S> updater : updaters) {
                    current = updater.apply(current);
                }
                return current;
            };
            return new StepResult<>(emissions, combined, halt);
        };
        return step.named("merge");
    }

    /** Runs {@code steps} in order as one step, threading the state through them. */
    @SafeVarargs
    public static <T, S> Step<T, S> sequence(Step<T, S>... steps) {
        return new Pipeline<>("sequence", List.of(steps)).asStep();
    }

    /** Logs each signal (id, event time, payload) at {@code level}; changes nothing. */
    public static <T, S> Step<T, S> log(System.Logger.Level level) {
        Objects.requireNonNull(level, "level");
        return tap((signal, state) -> {
            if (LOG.isLoggable(level)) {
                LOG.log(level, "signal {0} at {1}: {2}", signal.signalId(), signal.timestamp(), signal.payload());
            }
        });
    }

    /** Logs each signal at DEBUG. */
    public static <T, S> Step<T, S> log() {
        return log(System.Logger.Level.DEBUG);
    }

    /** Calls {@code action} with each signal and state; changes nothing. */
    public static <T, S> Step<T, S> tap(BiConsumer<? super Signal<T>, ? super S> action) {
        Objects.requireNonNull(action, "action");
        Step<T, S> step = (signal, state) -> {
            action.accept(signal, state);
            return StepResult.none();
        };
        return step.named("tap");
    }

    /** Does nothing. */
    public static <T, S> Step<T, S> identity() {
        Step<T, S> step = (signal, state) -> StepResult.none();
        return step.named("identity");
    }
}
