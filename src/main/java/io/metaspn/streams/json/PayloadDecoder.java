package io.metaspn.streams.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a stage payload from its JSON object; fails with a
 * {@link io.metaspn.streams.engine.ValidationException} whose field path is relative to the payload.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface PayloadDecoder<T> {

    /** The payload in {@code object}. */
    T decode(JsonNode object);
}
