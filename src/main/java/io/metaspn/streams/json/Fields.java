package io.metaspn.streams.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.engine.ValidationException;

/**
 * Typed, strict reads of JSON object fields: a missing, null or wrongly typed field, or a number
 * that is not finite, fails with a {@link ValidationException} naming the field (relative to the
 * object read; callers add the outer path with {@link ValidationException#under}).
 */
final class Fields {
    private Fields() {
    }

    static JsonNode required(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new ValidationException(name, "is missing");
        }
        return value;
    }

    static String string(JsonNode object, String name) {
        JsonNode value = required(object, name);
        if (!value.isTextual()) {
            throw wrongType(value, "a string", name);
        }
        return value.textValue();
    }

    static double number(JsonNode object, String name) {
        return numberValue(required(object, name), name);
    }

    static double number(JsonNode object, String name, double defaultValue) {
        JsonNode value = object.get(name);
        return value == null ? defaultValue : numberValue(value, name);
    }

    static double numberValue(JsonNode value, String path) {
        if (!value.isNumber()) {
            throw wrongType(value, "a number", path);
        }
        double number = value.doubleValue();
        if (Double.isNaN(number)) {
            throw new ValidationException(path, "must be a finite number, got NaN");
        }
        if (Double.isInfinite(number)) {
            throw new ValidationException(path, "must be a finite number, got " + (number > 0 ? "" : "-")
                    + "Infinity (an Infinity literal, or a number that overflows a 64-bit float)");
        }
        return number;
    }

    static long integer(JsonNode object, String name, long defaultValue) {
        JsonNode value = object.get(name);
        return value == null ? defaultValue : integerValue(value, name);
    }

    static long integerValue(JsonNode value, String path) {
        if (!value.isIntegralNumber()) {
            throw wrongType(value, "an integer", path);
        }
        if (!value.canConvertToLong()) {
            throw new ValidationException(path, "is out of range for a 64-bit integer: " + truncated(value.asText()));
        }
        return value.longValue();
    }

    static boolean bool(JsonNode object, String name, boolean defaultValue) {
        JsonNode value = object.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw wrongType(value, "a boolean", name);
        }
        return value.booleanValue();
    }

    static JsonNode array(JsonNode object, String name) {
        JsonNode value = required(object, name);
        if (!value.isArray()) {
            throw wrongType(value, "an array", name);
        }
        return value;
    }

    static JsonNode object(JsonNode value, String path) {
        if (!value.isObject()) {
            throw wrongType(value, "an object", path);
        }
        return value;
    }

    static ValidationException wrongType(JsonNode value, String expected, String path) {
        return new ValidationException(path, "must be " + expected + ", got " + describe(value));
    }

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer (" + truncated(value.asText()) + ")"
                    : "a number (" + truncated(value.asText()) + ")";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String truncated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
