package io.metaspn.streams.engine;

/** Hooks that throw from every callback: what an engine must survive unchanged. */
final class ThrowingHooks<T, S> implements EngineHooks<T, S> {
    @Override
    public void onSignal(Signal<T> signal) {
        throw new IllegalStateException("hook");
    }

    @Override
    public void onEmission(Emission<?> emission) {
        throw new IllegalStateException("hook");
    }

    @Override
    public void onStateChange(String key, State<S> before, State<S> after) {
        throw new IllegalStateException("hook");
    }

    @Override
    public void onError(Signal<T> signal, Throwable error) {
        throw new IllegalStateException("hook");
    }
}
