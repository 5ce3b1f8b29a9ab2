package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference stage: its payload and state types, its pipeline, and how a signal maps to the
 * entity whose state it reads and replaces.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
public interface Stage<T, S> {

    /** The stage key of the catalogue, e.g. {@code m1_route}. */
    String key();

    /** The short name used on the command line and in topic names, e.g. {@code m1}. */
    String shortName();

    /** The pipeline's name, e.g. {@code m1_profile_score_route}. */
    default String pipelineName() {
        return pipeline().name();
    }

    /** The id suffixes of the emissions of one signal, in step order. */
    List<String> suffixes();

    /** The payload type. */
    Class<T> payloadType();

    /** The state of an entity not seen before. */
    S initialState();

    /** The stage's steps. */
    Pipeline<T, S> pipeline();

    /** The key of the entity whose state {@code payload} reads and replaces. */
    String entityKey(T payload);

    /**
     * Checks a signal before it is processed; throws {@link ValidationException} (naming the field) to reject it.
     * Runs in-process ({@link #engine()}) and on Kafka alike, where a rejected signal is dead-lettered as invalid.
     * Accepts every signal by default (the reference stages check their payloads when they are read).
     */
    default void validate(Signal<T> signal) {
    }

    /** The emission ids a valid signal produces, in order. */
    default List<String> expectedEmissionIds(String signalId) {
        List<String> ids = new ArrayList<>(suffixes().size());
        for (String suffix : suffixes()) {
            ids.add(signalId + ":" + suffix);
        }
        return ids;
    }

    /**
     * An engine keeping one state per entity of this stage, validating signals with {@link #validate}. Its
     * {@link Engine#step() step} is also what the stage runs on Kafka.
     */
    default Engine<T, S> engine() {
        return Engine.builder(pipeline(), initialState())
                .keyedBy((Signal<T> signal) -> entityKey(signal.payload()))
                .validator(this::validate)
                .build();
    }
}
