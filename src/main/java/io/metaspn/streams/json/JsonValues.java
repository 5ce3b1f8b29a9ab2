package io.metaspn.streams.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.engine.ValidationException;

/** Single JSON values as text and back, for metadata carried as JSON texts (e.g. in Avro maps). */
public final class JsonValues {
    private JsonValues() {
    }

    /** {@code value} (a string, number, boolean, null, list or map) as compact JSON text. */
    public static String write(Object value) {
        try {
            return JsonMappers.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + value, e);
        }
    }

    /** The plain Java value of a JSON text; a {@link ValidationException} on {@code field} if it is not JSON. */
    public static Object read(String json, String field) {
        try {
            JsonNode node = JsonMappers.MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new ValidationException(field, "is not a JSON text: '" + json + "'");
            }
            return SignalJson.toValue(node);
        } catch (JsonProcessingException e) {
            throw new ValidationException(field, "is not a JSON text: " + e.getOriginalMessage());
        }
    }
}
