package io.metaspn.streams.engine;

/**
 * A pure pipeline step: from a signal and the current state value to a {@link StepResult}
 * (emissions and an optional state updater). A step must not keep state of its own: anything
 * it needs to remember belongs in the state, so that it is per entity and survives replays.
 *
 * @param <T> the signal payload type
 * @param <S> the state value type
 */
@FunctionalInterface
public interface Step<T, S> {

    /** Processes one signal against the state as left by the previous step. */
    StepResult<S> apply(Signal<T> signal, S state);

    /** A name for logs and errors; the class name unless overridden or given by {@link #named}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** This step under another name. */
    default Step<T, S> named(String stepName) {
        Step<T, S> self = this;
        return new Step<>() {
            @Override
            public StepResult<S> apply(Signal<T> signal, S state) {
                return self.apply(signal, state);
            }

            @Override
            public String name() {
                return stepName;
            }
        };
    }

    /** A named step from a function. */
    static <T, S> Step<T, S> of(String name, Step<T, S> step) {
        return step.named(name);
    }
}
