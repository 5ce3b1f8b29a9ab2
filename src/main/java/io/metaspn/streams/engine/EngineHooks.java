package io.metaspn.streams.engine;

/**
 * Callbacks made while a signal is processed, by an {@link Engine} or, for a stage running on Kafka,
 * by its stage processor: both run the same {@link SignalStep}, which defines when each fires. Every
 * method does nothing by default; a hook that throws a {@link RuntimeException} is ignored and never
 * changes what happens to the signal.
 *
 * <p>On Kafka under exactly-once, a signal can be processed again after an aborted transaction, so a
 * hook can fire more than once for one signal (see {@link SignalStep}): only the committed output is
 * exactly-once. Keep side effects of hooks idempotent, or use them for observation only.
 *
 * @param <T> the signal payload type
 * @param <S> the state value type
 */
public interface EngineHooks<T, S> {

    /** A signal is about to be processed (called for every signal, before validation, also for one then rejected). */
    default void onSignal(Signal<T> signal) {
    }

    /** A signal produced this emission (called in emission order, after the state was stored and after {@link #onStateChange}). */
    default void onEmission(Emission<?> emission) {
    }

    /** The state of {@code key} changed from {@code before} to {@code after} (called once it was stored; not when the value stayed equal). */
    default void onStateChange(String key, State<S> before, State<S> after) {
    }

    /**
     * Processing {@code signal} failed: validation ({@link ValidationException}), a step ({@link StepFailedException}),
     * or storing the outcome threw; the state was left as it was and the error is rethrown after the hooks ran.
     */
    default void onError(Signal<T> signal, Throwable error) {
    }
}
