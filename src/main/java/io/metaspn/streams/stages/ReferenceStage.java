package io.metaspn.streams.stages;

import io.metaspn.streams.engine.Pipeline;
import java.util.List;
import java.util.Objects;

/**
 * The fixed facts of a reference stage, given once by each stage's constructor.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
abstract class ReferenceStage<T, S> implements Stage<T, S> {
    private final String key;
    private final String shortName;
    private final List<String> suffixes;
    private final Class<T> payloadType;
    private final S initialState;
    private final Pipeline<T, S> pipeline;

    ReferenceStage(String key, String shortName, List<String> suffixes, Class<T> payloadType, S initialState,
                   Pipeline<T, S> pipeline) {
        this.key = Objects.requireNonNull(key, "key");
        this.shortName = Objects.requireNonNull(shortName, "shortName");
        this.suffixes = List.copyOf(suffixes);
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
        this.initialState = Objects.requireNonNull(initialState, "initialState");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    @Override
    public final String key() {
        return key;
    }

    @Override
    public final String shortName() {
        return shortName;
    }

    @Override
    public final List<String> suffixes() {
        return suffixes;
    }

    @Override
    public final Class<T> payloadType() {
        return payloadType;
    }

    @Override
    public final S initialState() {
        return initialState;
    }

    @Override
    public final Pipeline<T, S> pipeline() {
        return pipeline;
    }

    @Override
    public String toString() {
        return key;
    }
}
