package io.metaspn.streams.engine;

import java.util.Optional;
import java.util.Set;

/**
 * Where an engine keeps its states, one per entity key. Implementations may persist them
 * (a file, a database, a Kafka Streams store); the engine writes a state only after a signal
 * was fully processed.
 *
 * @param <S> the state value type
 */
public interface StateStore<S> {

    /** The stored state of {@code key}, if any. */
    Optional<State<S>> load(String key);

    /** Stores {@code state} as the state of {@code key}. */
    void save(String key, State<S> state);

    /** Forgets the state of {@code key}. */
    void delete(String key);

    /** The keys that have a state. */
    Set<String> keys();

    /** Forgets every state. */
    default void clear() {
        for (String key : Set.copyOf(keys())) {
            delete(key);
        }
    }
}
