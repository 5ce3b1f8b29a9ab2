package io.metaspn.streams.game;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.avro.derived.GameSchemas;
import io.metaspn.streams.engine.GameProtocol;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.jsonvalue.JsonMappers;
import java.util.List;
import java.util.function.Function;

/** A game bound by {@link GameBindingBuilder}: derived schemas, Jackson on the records. */
final class DerivedBinding<T extends Record, S extends Record> implements GameBinding<T, S> {
    private final GameProtocol<T, S> game;
    private final String name;
    private final String key;
    private final Class<T> payloadType;
    private final Function<? super T, String> entityKey;
    private final DerivedAvroCodec<T, S> codec;
    private final ObjectReader payloadReader;
    private final Pipeline<T, S> pipeline;

    DerivedBinding(GameProtocol<T, S> game, String name, String key, Class<T> payloadType, Class<S> stateType,
                   Function<? super T, String> entityKey, GameSchemas schemas,
                   List<Class<? extends Record>> emissionTypes) {
        this.game = game;
        this.name = name;
        this.key = key;
        this.payloadType = payloadType;
        this.entityKey = entityKey;
        this.pipeline = game.pipeline();
        this.codec = new DerivedAvroCodec<>(this, schemas, payloadType, stateType, emissionTypes);
        this.payloadReader = JsonMappers.MAPPER.readerFor(payloadType)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String shortName() {
        return name;
    }

    /** A game's emissions are not fixed per signal: none are listed. */
    @Override
    public List<String> suffixes() {
        return List.of();
    }

    @Override
    public Class<T> payloadType() {
        return payloadType;
    }

    @Override
    public S initialState() {
        return game.initialState();
    }

    @Override
    public Pipeline<T, S> pipeline() {
        return pipeline;
    }

    @Override
    public String entityKey(T payload) {
        return entityKey.apply(payload);
    }

    @Override
    public void validate(Signal<T> signal) {
        game.validateSignal(signal);
    }

    @Override
    public void onEmission(io.metaspn.streams.engine.Emission<?> emission) {
        game.onEmission(emission);
    }

    @Override
    public StageAvroCodec<T, S> avro() {
        return codec;
    }

    @Override
    public T decodePayload(JsonNode payload) {
        try {
            return payloadReader.readValue(payload);
        } catch (JsonMappingException e) {
            throw new ValidationException(field(e), problem(e));
        } catch (JsonProcessingException e) {
            throw new ValidationException(null, e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return key;
    }

    /** The JSON path of the failure, e.g. {@code episodes[2]} ({@code seconds} for a missing creator property). */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
                && e.getOriginalMessage().startsWith("Missing creator property '")) {
            String missing = e.getOriginalMessage().substring("Missing creator property '".length());
            missing = missing.substring(0, missing.indexOf('\''));
            String known = path.toString();
            return known.equals(missing) || known.endsWith("." + missing) ? known
                    : (known.isEmpty() ? missing : known + "." + missing);
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static String problem(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Missing creator property")) {
            return "is missing";
        }
        if (message.startsWith("Cannot map `null` into type")) {
            return "must not be null";
        }
        int cut = message.indexOf(" (");
        return "is not valid: " + (cut > 0 ? message.substring(0, cut) : message);
    }
}
