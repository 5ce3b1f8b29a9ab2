package io.metaspn.streams.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deeply immutable copies of metadata maps (JSON-like values: maps, lists, scalars, nulls). */
public final class Metadata {
    private static final Map<String, Object> EMPTY = Collections.emptyMap();

    private Metadata() {
    }

    /** The empty metadata map. */
    public static Map<String, Object> empty() {
        return EMPTY;
    }

    /** An immutable map of the given key/value pairs, in that order (unlike {@code Map.of}, whose order varies by run). */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return freeze(map);
    }

    /** An immutable copy of {@code map} (insertion order kept, nested maps and lists copied too). */
    public static Map<String, Object> freeze(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            if (entry.getKey() == null) {
                throw new ValidationException("metadata", "keys must not be null");
            }
            copy.put(entry.getKey(), freezeValue(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** {@code map} plus one entry, as a new immutable map. */
    public static Map<String, Object> with(Map<String, ?> map, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return freeze(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> nested) {
            return freeze((Map<String, ?>) nested);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(freezeValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
