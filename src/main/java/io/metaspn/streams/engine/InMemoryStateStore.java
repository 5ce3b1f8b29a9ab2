package io.metaspn.streams.engine;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link StateStore} in a hash map: fast, not thread-safe, gone with the process. */
public final class InMemoryStateStore<S> implements StateStore<S> {
    private final Map<String, State<S>> states = new HashMap<>();

    @Override
    public Optional<State<S>> load(String key) {
        return Optional.ofNullable(states.get(key));
    }

    /** The state of {@code key}, or {@code null}; avoids the Optional on hot paths. */
    State<S> get(String key) {
        return states.get(key);
    }

    @Override
    public void save(String key, State<S> state) {
        states.put(key, state);
    }

    @Override
    public void delete(String key) {
        states.remove(key);
    }

    @Override
    public Set<String> keys() {
        return Collections.unmodifiableSet(states.keySet());
    }

    @Override
    public void clear() {
        states.clear();
    }
}
