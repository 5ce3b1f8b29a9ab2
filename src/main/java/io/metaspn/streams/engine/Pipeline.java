package io.metaspn.streams.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * An immutable, named sequence of steps. For each signal the steps run in order; each sees the
 * state as left by the step before it, emissions are collected in step order, and a step that
 * halts (see {@link #filter}) ends the run for that signal.
 *
 * <p>Composition returns new pipelines: {@link #then}, {@link #plus}, {@link #branch},
 * {@link #filter}, {@link #parallel}. A branch or parallel part is a sub-pipeline: a filter inside
 * it stops that part only.
 *
 * @param name  the pipeline's name
 * @param steps the steps, in order
 * @param <T>   the signal payload type
 * @param <S>   the state value type
 */
public record Pipeline<T, S>(String name, List<Step<T, S>> steps) {

    public Pipeline {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
    }

    /** An empty pipeline. */
    public static <T, S> Pipeline<T, S> named(String name) {
        return new Pipeline<>(name, List.of());
    }

    /** A pipeline of the given steps. */
    @SafeVarargs
    public static <T, S> Pipeline<T, S> of(String name, Step<T, S>... steps) {
        return new Pipeline<>(name, List.of(steps));
    }

    /** This pipeline with another name. */
    public Pipeline<T, S> withName(String newName) {
        return new Pipeline<>(newName, steps);
    }

    /** This pipeline with {@code step} appended. */
    public Pipeline<T, S> then(Step<T, S> step) {
        Objects.requireNonNull(step, "step");
        List<Step<T, S>> more = new ArrayList<>(steps);
        more.add(step);
        return new Pipeline<>(name, more);
    }

    /** This pipeline followed by all steps of {@code other}. */
    public Pipeline<T, S> plus(Pipeline<T, S> other) {
        List<Step<T, S>> more = new ArrayList<>(steps);
        more.addAll(other.steps());
        return new Pipeline<>(name, more);
    }

    /** This pipeline, then {@code ifTrue} or {@code ifFalse} depending on the signal and current state. */
    public Pipeline<T, S> branch(BiPredicate<? super Signal<T>, ? super S> predicate,
                                 Pipeline<T, S> ifTrue, Pipeline<T, S> ifFalse) {
        Objects.requireNonNull(predicate, "predicate");
        Step<T, S> step = (signal, state) -> (predicate.test(signal, state) ? ifTrue : ifFalse)
                .asStep().apply(signal, state);
        return then(step.named("branch(" + ifTrue.name() + "|" + ifFalse.name() + ")"));
    }

    /** This pipeline, then {@code ifTrue} or {@code ifFalse} depending on the signal. */
    public Pipeline<T, S> branch(Predicate<? super Signal<T>> predicate, Pipeline<T, S> ifTrue,
                                 Pipeline<T, S> ifFalse) {
        return branch((signal, state) -> predicate.test(signal), ifTrue, ifFalse);
    }

    /** This pipeline, after which processing stops for signals (and states) that fail {@code predicate}. */
    public Pipeline<T, S> filter(BiPredicate<? super Signal<T>, ? super S> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        Step<T, S> step = (signal, state) -> predicate.test(signal, state) ? StepResult.none() : StepResult.halted();
        return then(step.named("filter"));
    }

    /** This pipeline, after which processing stops for signals that fail {@code predicate}. */
    public Pipeline<T, S> filter(Predicate<? super Signal<T>> predicate) {
        return filter((signal, state) -> predicate.test(signal));
    }

    /**
     * This pipeline, then all {@code parts} run on the same state; their emissions follow in part
     * order, and {@code merger} combines their resulting states.
     */
    @SafeVarargs
    public final Pipeline<T, S> parallel(StateMerger<S> merger, Pipeline<T, S>... parts) {
        Objects.requireNonNull(merger, "merger");
        List<Pipeline<T, S>> all = List.of(parts);
        Step<T, S> step = (signal, state) -> {
            List<Emission<?>> emissions = new ArrayList<>();
            List<S> states = new ArrayList<>(all.size());
            boolean changed = false;
            for (Pipeline<T, S> part : all) {
                PipelineResult<S> result = part.run(signal, state);
                emissions.addAll(result.emissions());
                states.add(result.state());
                changed |= result.stateUpdates() > 0;
            }
            if (!changed) {
                return StepResult.emit(emissions);
            }
            S merged = merger.merge(state, List.copyOf(states));
            return new StepResult<S>(emissions, ignored -> merged, false);
        };
        return then(step.named("parallel"));
    }

    /** This whole pipeline as one step (a filter inside it stops only this sub-pipeline). */
    public Step<T, S> asStep() {
        Step<T, S> step = (signal, state) -> {
            PipelineResult<S> result = run(signal, state);
            if (result.stateUpdates() == 0) {
                return StepResult.emit(result.emissions());
            }
            S after = result.state();
            return new StepResult<S>(result.emissions(), ignored -> after, false);
        };
        return step.named(name);
    }

    /**
     * Runs the steps for one signal from {@code state}. Pure: the caller decides what to do with
     * the resulting state.
     *
     * @throws StepFailedException when a step or its updater throws
     */
    public PipelineResult<S> run(Signal<T> signal, S state) {
        // emissions gathered in a plain array and frozen once with List.of: no ArrayList, no
        // toArray copy per step, no second copy in PipelineResult (List.copyOf keeps List.of lists)
        Emission<?>[] emissions = null;
        int count = 0;
        S current = state;
        int updates = 0;
        boolean halted = false;
        for (Step<T, S> step : steps) {
            StepResult<S> result;
            try {
                result = step.apply(signal, current);
                if (result.updater() != null) {
                    current = Objects.requireNonNull(result.updater().apply(current), "updated state");
                    updates++;
                }
            } catch (StepFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new StepFailedException(name, step.name(), signal.signalId(), e);
            }
            List<Emission<?>> produced = result.emissions();
            int size = produced.size();
            if (size > 0) {
                if (emissions == null) {
                    emissions = new Emission<?>[Math.max(steps.size(), size)];
                } else if (count + size > emissions.length) {
                    emissions = Arrays.copyOf(emissions, Math.max(count + size, 2 * emissions.length));
                }
                for (int i = 0; i < size; i++) {
                    emissions[count++] = produced.get(i);
                }
            }
            if (result.halt()) {
                halted = true;
                break;
            }
        }
        List<Emission<?>> all = count == 0 ? List.of()
                : List.of(count == emissions.length ? emissions : Arrays.copyOf(emissions, count));
        return new PipelineResult<>(all, current, updates, halted);
    }
}
