package io.metaspn.streams.engine;

/**
 * Callbacks an {@link Engine} makes while it works. Every method does nothing by default; a hook
 * that throws is not allowed to break processing and is ignored.
 *
 * @param <T> the signal payload type
 * @param <S> the state value type
 */
public interface EngineHooks<T, S> {

    /** A signal is about to be processed. */
    default void onSignal(Signal<T> signal) {
    }

    /** A signal produced this emission (called in emission order, after the state was stored). */
    default void onEmission(Emission<?> emission) {
    }

    /** The state of {@code key} changed from {@code before} to {@code after}. */
    default void onStateChange(String key, State<S> before, State<S> after) {
    }

    /** Processing {@code signal} failed; the state was left as it was. */
    default void onError(Signal<T> signal, Throwable error) {
    }
}
