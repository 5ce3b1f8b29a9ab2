package io.metaspn.streams.jsonvalue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.engine.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            return toValue(node);
        } catch (JsonProcessingException e) {
            throw new ValidationException(field, "is not a JSON text: " + e.getOriginalMessage());
        }
    }

    /** The plain Java value of a JSON node: a map (in field order), list, string, boolean, number or null. */
    public static Object toValue(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(entry -> map.put(entry.getKey(), toValue(entry.getValue())));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.elements().forEachRemaining(element -> list.add(toValue(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.numberValue();
            default -> null;
        };
    }
}
