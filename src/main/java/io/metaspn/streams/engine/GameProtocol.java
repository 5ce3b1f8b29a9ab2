package io.metaspn.streams.engine;

import java.time.Instant;

/**
 * A game built on the engine: its name and version, how its signals are made and checked, its
 * initial state, its pipeline, and what it does with emissions.
 *
 * @param <T> the signal payload type
 * @param <S> the state value type
 */
public interface GameProtocol<T, S> {

    /** The game's name (also the default signal source). */
    String name();

    /** The game's version. */
    String version();

    /** The state each player (or entity) starts from. */
    S initialState();

    /** The game's rules. */
    Pipeline<T, S> pipeline();

    /** A signal of this game. */
    default Signal<T> createSignal(T payload, Instant timestamp, String signalId) {
        return Signal.of(payload, timestamp, name(), signalId);
    }

    /** Throws {@link ValidationException} for a signal this game does not accept. */
    default void validateSignal(Signal<T> signal) {
    }

    /**
     * Called with each emission the game produces. In {@link #engine()} this is a hook (see
     * {@link SignalStep} for when hooks fire): an exception thrown here is ignored and does not undo
     * the signal. On Kafka under exactly-once a signal can be processed again after an aborted
     * transaction, so this can be called more than once for one emission.
     */
    default void onEmission(Emission<?> emission) {
    }

    /** The key of the entity a signal belongs to (one shared state unless overridden). */
    default String entityKey(Signal<T> signal) {
        return Engine.DEFAULT_KEY;
    }

    /** An engine running this game: validated, keyed by {@link #entityKey}, emissions to {@link #onEmission}. */
    default Engine<T, S> engine() {
        return Engine.builder(pipeline(), initialState())
                .validator(this::validateSignal)
                .keyedBy(this::entityKey)
                .onEmission(this::onEmission)
                .build();
    }
}
