package io.metaspn.streams.game.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.json.PayloadDecoder;
import io.metaspn.streams.stages.Stage;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A reference stage bound to the stream application through its hand-made Avro schemas and JSON shapes
 * (schemas/current/&lt;stage&gt;, the spec's snake_case payloads): the wire bytes of the existing topics.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
final class ReferenceBinding<T, S> implements GameBinding<T, S> {
    private final Stage<T, S> stage;
    private final StageAvroCodec<T, S> codec;
    private final PayloadDecoder<T> decoder;

    ReferenceBinding(Stage<T, S> stage, Function<Stage<T, S>, StageAvroCodec<T, S>> codec, PayloadDecoder<T> decoder) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.codec = codec.apply(stage);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /** The reference stage bound. */
    Stage<T, S> stage() {
        return stage;
    }

    @Override
    public String key() {
        return stage.key();
    }

    @Override
    public String shortName() {
        return stage.shortName();
    }

    @Override
    public List<String> suffixes() {
        return stage.suffixes();
    }

    @Override
    public Class<T> payloadType() {
        return stage.payloadType();
    }

    @Override
    public S initialState() {
        return stage.initialState();
    }

    @Override
    public Pipeline<T, S> pipeline() {
        return stage.pipeline();
    }

    @Override
    public String entityKey(T payload) {
        return stage.entityKey(payload);
    }

    @Override
    public StageAvroCodec<T, S> avro() {
        return codec;
    }

    @Override
    public T decodePayload(JsonNode payload) {
        return decoder.decode(payload);
    }

    @Override
    public String toString() {
        return stage.key();
    }
}
