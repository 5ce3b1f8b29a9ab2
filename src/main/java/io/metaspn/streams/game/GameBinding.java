package io.metaspn.streams.game;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.GameProtocol;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.stages.Stage;

/**
 * A game bound to the stream application: everything the CLI and the Kafka topology need to run it as a stage.
 *
 * <ul>
 *   <li>as a {@link Stage}: its {@linkplain #shortName() name} (used on the command line and in topic names, e.g.
 *       {@code podcast} in {@code metaspn.podcast.signals.v1}), its stage {@linkplain #key() key}, the
 *       {@linkplain #entityKey entity} a payload belongs to, its {@linkplain #pipeline() pipeline} and
 *       {@linkplain #initialState() initial state};</li>
 *   <li>{@link #validate}: the game's rules for a signal, run before the pipeline in process and on Kafka
 *       alike;</li>
 *   <li>{@link #avro()}: how its signals, emissions and state cross Kafka (schemas and conversions);</li>
 *   <li>{@link #decodePayload}: how a payload is read from the JSON of {@code process} and {@code produce}
 *       (emission payloads are written as JSON by Jackson, snake_case fields in declaration order).</li>
 * </ul>
 *
 * <p>Games are found on the class path through {@link GameProvider} ({@link Games}). The common case is written
 * with {@link #builder}: schemas derived from the game's record types, JSON by Jackson on the records.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
public interface GameBinding<T, S> extends Stage<T, S> {

    /**
     * Throws {@link io.metaspn.streams.engine.ValidationException} (naming the field at fault, e.g.
     * {@code payload.seconds}) for a signal the game does not accept. Accepts every signal unless overridden.
     */
    default void validate(Signal<T> signal) {
    }

    /**
     * Called with each emission the game produces, after its signal is processed (the game's
     * {@link GameProtocol#onEmission} hook). An exception thrown here is ignored and does not undo the signal.
     */
    default void onEmission(Emission<?> emission) {
    }

    /** The Avro side: signal, emission and state schemas and the conversions to and from the engine's types. */
    StageAvroCodec<T, S> avro();

    /**
     * The payload in a signal's JSON {@code payload} object.
     *
     * @throws io.metaspn.streams.engine.ValidationException naming the field (relative to the payload)
     */
    T decodePayload(JsonNode payload);

    /**
     * A builder binding {@code game}, whose payload, state and emission payloads are records, with schemas derived
     * from the record types and JSON by Jackson ({@link GameBindingBuilder}).
     */
    static <T extends Record, S extends Record> GameBindingBuilder<T, S> builder(GameProtocol<T, S> game,
                                                                                 Class<T> payloadType,
                                                                                 Class<S> stateType) {
        return new GameBindingBuilder<>(game, payloadType, stateType);
    }

    /**
     * An engine keeping one state per entity of this game, validating each signal with {@link #validate} and
     * passing its emissions to {@link #onEmission}.
     */
    @Override
    default Engine<T, S> engine() {
        return Engine.builder(pipeline(), initialState())
                .validator(this::validate)
                .keyedBy((Signal<T> signal) -> entityKey(signal.payload()))
                .onEmission(this::onEmission)
                .build();
    }
}
