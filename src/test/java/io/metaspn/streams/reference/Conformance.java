package io.metaspn.streams.reference;

import io.metaspn.streams.game.reference.ReferenceBindings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.json.StagePayloads;
import io.metaspn.streams.json.Timestamps;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The conformance fixtures (a copy of ../shared/conformance in test resources) and the comparison
 * rule of compare.py: same count and order; ids, caused_by and types equal; timestamps equal as
 * instants; payload and metadata equal as JSON values with numbers compared as doubles.
 */
public final class Conformance {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One fixture folder. */
    public record Fixture(String folder, String stageName, String m4ConfigJson) {
        public Stage<?, ?> stage() {
            M4Rewards.Config config = M4Rewards.Config.DEFAULT;
            if (m4ConfigJson != null) {
                try {
                    config = StagePayloads.m4Config(MAPPER.readTree(m4ConfigJson));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return ReferenceBindings.byName(stageName, config);
        }

        public List<String> signalLines() {
            return lines(folder + "/signals.jsonl");
        }

        public List<String> expectedLines() {
            return lines(folder + "/expected.jsonl");
        }

        @Override
        public String toString() {
            return folder;
        }
    }

    private Conformance() {
    }

    /** Every fixture folder. */
    public static Stream<Fixture> fixtures() {
        return Stream.of(
                new Fixture("m0", "m0", null),
                new Fixture("m1", "m1", null),
                new Fixture("m2", "m2", null),
                new Fixture("m3", "m3", null),
                new Fixture("m4", "m4", null),
                new Fixture("m4-conviction", "m4", resource("m4-conviction/config.json")));
    }

    static String resource(String path) {
        try (InputStream in = Conformance.class.getResourceAsStream("/conformance/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource conformance/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String path) {
        return resource(path).lines().filter(line -> !line.isBlank()).toList();
    }

    /** The differences between expected and actual emission lines (empty when they match). */
    public static List<String> differences(List<String> expected, List<String> actual) {
        List<String> diffs = new ArrayList<>();
        if (expected.size() != actual.size()) {
            diffs.add("count: expected " + expected.size() + " emissions, got " + actual.size());
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            JsonNode e = parse(expected.get(i));
            JsonNode a = parse(actual.get(i));
            for (String key : List.of("emission_id", "caused_by", "emission_type")) {
                if (!e.path(key).equals(a.path(key))) {
                    diffs.add("[" + i + "]." + key + ": expected " + e.path(key) + ", got " + a.path(key));
                }
            }
            if (!Timestamps.parse(e.path("timestamp").asText(), "timestamp")
                    .equals(Timestamps.parse(a.path("timestamp").asText(), "timestamp"))) {
                diffs.add("[" + i + "].timestamp: expected " + e.path("timestamp") + ", got " + a.path("timestamp"));
            }
            same(e.path("payload"), a.path("payload"), "[" + i + "].payload", diffs);
            same(e.has("metadata") ? e.get("metadata") : MAPPER.createObjectNode(),
                    a.has("metadata") ? a.get("metadata") : MAPPER.createObjectNode(), "[" + i + "].metadata", diffs);
        }
        return diffs;
    }

    private static void same(JsonNode a, JsonNode b, String path, List<String> diffs) {
        if (a.isBoolean() || b.isBoolean()) {
            if (!a.equals(b)) {
                diffs.add(path + ": expected " + a + ", got " + b);
            }
        } else if (a.isNumber() && b.isNumber()) {
            if (a.doubleValue() != b.doubleValue()) {
                diffs.add(path + ": expected " + a + ", got " + b);
            }
        } else if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (!a.has(key)) {
                    diffs.add(path + "." + key + ": unexpected key");
                } else if (!b.has(key)) {
                    diffs.add(path + "." + key + ": missing key");
                } else {
                    same(a.get(key), b.get(key), path + "." + key, diffs);
                }
            }
        } else if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                diffs.add(path + ": expected " + a.size() + " items, got " + b.size());
            }
            Iterator<JsonNode> ai = a.elements();
            Iterator<JsonNode> bi = b.elements();
            int index = 0;
            while (ai.hasNext() && bi.hasNext()) {
                same(ai.next(), bi.next(), path + "[" + index++ + "]", diffs);
            }
        } else if (!a.equals(b)) {
            diffs.add(path + ": expected " + a + ", got " + b);
        }
    }

    public static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entity key of each signal (by signal id) of {@code signalLines}. */
    public static <T> Map<String, String> entityOfSignal(Stage<T, ?> stage, List<String> signalLines) {
        io.metaspn.streams.json.SignalJson<T> json = new io.metaspn.streams.json.SignalJson<>(
                ReferenceBindings.of(stage)::decodePayload);
        Map<String, String> entities = new java.util.HashMap<>();
        for (String line : signalLines) {
            io.metaspn.streams.engine.Signal<T> signal = json.parse(line);
            entities.put(signal.signalId(), stage.entityKey(signal.payload()));
        }
        return entities;
    }

    /** Emission lines grouped by the entity of their causing signal, each group in the given order. */
    public static Map<String, List<String>> byEntity(List<String> emissionLines, Map<String, String> entityOfSignal) {
        Map<String, List<String>> grouped = new java.util.TreeMap<>();
        for (String line : emissionLines) {
            grouped.computeIfAbsent(entityOfSignal.get(parse(line).get("caused_by").asText()),
                    entity -> new ArrayList<>()).add(line);
        }
        return grouped;
    }

    /** Keys of a parsed JSON object, for assertions. */
    static Map<String, JsonNode> fields(String line) {
        Map<String, JsonNode> map = new java.util.LinkedHashMap<>();
        parse(line).fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue()));
        return map;
    }
}
