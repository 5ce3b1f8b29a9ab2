package io.metaspn.streams.engine;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * A step that emits one emission per signal (when its condition holds) and leaves the state as it
 * is. Built by {@link Transforms#emit}, {@link Transforms#emitIf} and {@link Transforms#mapToEmission};
 * ids default to {@code <signal_id>:<emission_type>} and timestamps to the signal's event time.
 *
 * @param emissionType the emission type
 * @param payload      the payload, from the signal and the state
 * @param condition    when to emit
 * @param ids          how to derive the emission id
 * @param timestamps   how to choose the emission timestamp
 * @param metadata     the emission metadata
 * @param <T>          the signal payload type
 * @param <S>          the state value type
 * @param <U>          the emission payload type
 */
public record EmitStep<T, S, U>(String emissionType, BiFunction<? super Signal<T>, ? super S, ? extends U> payload,
                                BiPredicate<? super Signal<T>, ? super S> condition, EmissionIdFactory ids,
                                TimestampFactory timestamps, Map<String, Object> metadata) implements Step<T, S> {

    public EmitStep {
        Objects.requireNonNull(emissionType, "emissionType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(timestamps, "timestamps");
        metadata = Metadata.freeze(metadata);
    }

    @Override
    public StepResult<S> apply(Signal<T> signal, S state) {
        if (!condition.test(signal, state)) {
            return StepResult.none();
        }
        return StepResult.emit(new Emission<U>(payload.apply(signal, state), signal.signalId(), emissionType,
                ids.emissionId(signal, emissionType), timestamps.timestamp(signal), metadata));
    }

    @Override
    public String name() {
        return "emit(" + emissionType + ")";
    }

    /** This step emitting only when {@code newCondition} holds too. */
    public EmitStep<T, S, U> when(BiPredicate<? super Signal<T>, ? super S> newCondition) {
        BiPredicate<? super Signal<T>, ? super S> old = condition;
        return new EmitStep<>(emissionType, payload, (s, st) -> old.test(s, st) && newCondition.test(s, st), ids,
                timestamps, metadata);
    }

    /** This step with ids {@code <signal_id>:<suffix>}. */
    public EmitStep<T, S, U> withSuffix(String suffix) {
        return withIds(EmissionIdFactory.bySuffix(suffix));
    }

    /** This step with another id factory. */
    public EmitStep<T, S, U> withIds(EmissionIdFactory newIds) {
        return new EmitStep<>(emissionType, payload, condition, newIds, timestamps, metadata);
    }

    /** This step with another timestamp factory. */
    public EmitStep<T, S, U> withTimestamps(TimestampFactory newTimestamps) {
        return new EmitStep<>(emissionType, payload, condition, ids, newTimestamps, metadata);
    }

    /** This step with emission metadata. */
    public EmitStep<T, S, U> withMetadata(Map<String, ?> newMetadata) {
        return new EmitStep<>(emissionType, payload, condition, ids, timestamps, Metadata.freeze(newMetadata));
    }
}
