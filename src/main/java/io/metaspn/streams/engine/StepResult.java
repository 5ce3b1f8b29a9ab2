package io.metaspn.streams.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What one step did with a signal: the emissions it produced (in order), an optional state
 * updater, and whether the pipeline must stop after it.
 *
 * @param emissions the step's emissions, in order
 * @param updater   the new-state function, or {@code null} when the state stays as it is
 * @param halt      {@code true} when no further step of the pipeline may run for this signal
 * @param <S>       the state value type
 */
public record StepResult<S>(List<Emission<?>> emissions, UnaryOperator<S> updater, boolean halt) {

    private static final StepResult<?> NONE = new StepResult<>(List.of(), null, false);
    private static final StepResult<?> HALT = new StepResult<>(List.of(), null, true);

    public StepResult {
        emissions = List.copyOf(emissions);
    }

    /** Nothing emitted, state unchanged. */
    @SuppressWarnings("unchecked")
    public static <S> StepResult<S> none() {
        return (StepResult<S>) NONE;
    }

    /** Nothing emitted, state unchanged, and the pipeline stops here. */
    @SuppressWarnings("unchecked")
    public static <S> StepResult<S> halted() {
        return (StepResult<S>) HALT;
    }

    /** One emission, state unchanged. */
    public static <S> StepResult<S> emit(Emission<?> emission) {
        return new StepResult<>(List.of(emission), null, false);
    }

    /** Emissions in order, state unchanged. */
    public static <S> StepResult<S> emit(List<? extends Emission<?>> emissions) {
        return new StepResult<>(List.copyOf(emissions), null, false);
    }

    /** No emission, state replaced by {@code updater(state)}. */
    public static <S> StepResult<S> update(UnaryOperator<S> updater) {
        return new StepResult<>(List.of(), Objects.requireNonNull(updater, "updater"), false);
    }

    /** One emission and a state update. */
    public static <S> StepResult<S> of(Emission<?> emission, UnaryOperator<S> updater) {
        return new StepResult<>(List.of(emission), updater, false);
    }

    /** Whether this result replaces the state. */
    public boolean hasUpdate() {
        return updater != null;
    }

    /** This result with one more emission at the end. */
    public StepResult<S> withEmission(Emission<?> emission) {
        List<Emission<?>> more = new ArrayList<>(emissions.size() + 1);
        more.addAll(emissions);
        more.add(emission);
        return new StepResult<>(more, updater, halt);
    }

    /** This result with its updater replaced. */
    public StepResult<S> withUpdater(UnaryOperator<S> newUpdater) {
        return new StepResult<>(emissions, newUpdater, halt);
    }

    /** This result stopping (or not) the pipeline after its step. */
    public StepResult<S> withHalt(boolean newHalt) {
        return new StepResult<>(emissions, updater, newHalt);
    }
}
