package io.metaspn.streams.avro.derived;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * The three wire schemas of a game, derived from its Java record types with {@link RecordSchemas}: the
 * signal envelope around the signal payload, the emission envelope (payload: a union of the emission
 * payload records, in declared order) and the per-entity state record (the game's state value plus the
 * stamp every reference state has: {@code version}, {@code created_at}, {@code updated_at}).
 *
 * <p>The envelopes have the reference stages' field names, types, defaults and docs
 * ({@code schemas/current/<stage>/<Stage>Signal.avsc} and {@code …Emission.avsc}), so tools that read
 * envelopes by field name (tail, dead-letter headers) work the same for a game. They are named
 * {@code <Game>Signal}, {@code <Game>Emission} and {@code <Game>State} ({@link #typeName}) in the game's
 * namespace; the payload, state value and everything they contain are named by their Java simple names
 * in the same namespace. Each schema is self-contained (a named type is defined at its first use in it).
 *
 * <p>The state record holds the game's state in the field {@code value} rather than flattening its
 * fields next to the stamp: the game's record can have a component called {@code version} and evolves on
 * its own.
 *
 * @param signal   the signal envelope schema
 * @param emission the emission envelope schema
 * @param state    the state record schema
 */
public record GameSchemas(Schema signal, Schema emission, Schema state) {
    /** The envelope schema version written into {@code schema_version} (as the reference envelopes). */
    public static final int SCHEMA_VERSION = 1;
    /** The full name of the trace record the envelopes refer to (the reference stages' {@code Trace}). */
    public static final String TRACE_FULL_NAME = "io.metaspn.streams.avro.Trace";

    public GameSchemas {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(emission, "emission");
        Objects.requireNonNull(state, "state");
    }

    /**
     * Derives a game's schemas.
     *
     * @param game             the game's name or stage key ({@code podcast}); names the envelopes
     * @param namespace        the Avro namespace of every record ({@link #defaultNamespace} unless the game has its own)
     * @param payload          the signal payload record type
     * @param state            the state record type
     * @param emissionPayloads the emission payload record types, in the order of the union (add new ones at the end)
     * @throws IllegalArgumentException when a type has no schema (naming the record and component), when two
     *                                  types share a simple name, or when there is no emission payload type
     */
    public static GameSchemas derive(String game, String namespace, Class<? extends Record> payload,
                                     Class<? extends Record> state,
                                     List<Class<? extends Record>> emissionPayloads) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(emissionPayloads, "emissionPayloads");
        if (emissionPayloads.isEmpty()) {
            throw new IllegalArgumentException(game + " needs at least one emission payload type");
        }
        if (new LinkedHashSet<>(emissionPayloads).size() != emissionPayloads.size()) {
            throw new IllegalArgumentException(game + " lists an emission payload type twice: " + emissionPayloads);
        }
        String prefix = typeName(game);
        return new GameSchemas(signal(prefix, namespace, payload), emission(prefix, namespace, emissionPayloads),
                state(prefix, namespace, state));
    }

    /** {@code io.metaspn.streams.games.<game>} with the game's name reduced to lower-case letters, digits and underscores. */
    public static String defaultNamespace(String game) {
        String part = requireGame(game).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (!Character.isLetter(part.charAt(0))) {
            part = "g" + part;
        }
        return "io.metaspn.streams.games." + part;
    }

    /** The envelopes' name prefix: the game's name in UpperCamelCase ({@code podcast} → {@code Podcast}, {@code my-game} → {@code MyGame}). */
    public static String typeName(String game) {
        StringBuilder name = new StringBuilder();
        for (String part : requireGame(game).split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (name.length() == 0 || !Character.isLetter(name.charAt(0))) {
            throw new IllegalArgumentException("game name " + game + " does not start with a letter");
        }
        return name.toString();
    }

    /** The three schemas by name ({@code <Game>Signal}, {@code <Game>Emission}, {@code <Game>State}), for {@link DerivedSchemas}. */
    public Map<String, Schema> byName() {
        Map<String, Schema> all = new LinkedHashMap<>();
        all.put(signal.getName(), signal);
        all.put(emission.getName(), emission);
        all.put(state.getName(), state);
        return all;
    }

    /** The schema of the signal payload record (the envelope's {@code payload} field). */
    public Schema signalPayload() {
        return signal.getField("payload").schema();
    }

    /** The schema of the state value record (the state record's {@code value} field). */
    public Schema stateValue() {
        return state.getField("value").schema();
    }

    /** The schemas of the emission payload records, in union order. */
    public List<Schema> emissionPayloads() {
        return emission.getField("payload").schema().getTypes();
    }

    /**
     * The schema of one emission payload record type (the union branch named by its simple name).
     *
     * @throws IllegalArgumentException when the type is not one of the game's emission payloads
     */
    public Schema emissionPayload(Class<? extends Record> type) {
        for (Schema branch : emissionPayloads()) {
            if (branch.getName().equals(type.getSimpleName())) {
                return branch;
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not an emission payload of "
                + emission.getFullName());
    }

    /** The trace record schema (the same as {@code schemas/current/common/Trace.avsc}). */
    public static Schema traceSchema() {
        Schema trace = Schema.createRecord("Trace", "Trace context of a signal or emission.",
                "io.metaspn.streams.avro", false);
        trace.setFields(List.of(
                new Schema.Field("trace_id", RecordSchemas.nullable(Schema.create(Schema.Type.STRING)),
                        "The distributed trace id.", JsonProperties.NULL_VALUE),
                new Schema.Field("caused_by", RecordSchemas.nullable(Schema.create(Schema.Type.STRING)),
                        "The id of the record that caused this one.", JsonProperties.NULL_VALUE),
                new Schema.Field("provenance", Schema.createArray(Schema.create(Schema.Type.STRING)),
                        "Where the record came from, oldest first.", List.of())));
        return trace;
    }

    private static Schema signal(String prefix, String namespace, Class<? extends Record> payload) {
        RecordSchemas.Deriver deriver = new RecordSchemas.Deriver(namespace);
        String name = prefix + "Signal";
        deriver.reserve(name, "the signal envelope " + name);
        Schema payloadSchema = deriver.record(payload);
        Schema envelope = Schema.createRecord(name, "A " + prefix + " signal: the MetaSPN signal envelope around a "
                + payloadSchema.getName() + ".", namespace, false);
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(new Schema.Field("signal_id", Schema.create(Schema.Type.STRING),
                "The producer's id for the event; emission ids derive from it."));
        fields.add(new Schema.Field("timestamp", RecordSchemas.timestampMicros(), "When the event happened (event time)."));
        fields.add(new Schema.Field("source", Schema.create(Schema.Type.STRING), "Who observed the event."));
        fields.add(new Schema.Field("payload", payloadSchema));
        fields.add(metadata());
        fields.add(schemaVersion());
        fields.add(new Schema.Field("entity_refs", Schema.createArray(Schema.create(Schema.Type.STRING)),
                "Entities the event refers to.", List.of()));
        fields.add(trace());
        envelope.setFields(fields);
        return envelope;
    }

    private static Schema emission(String prefix, String namespace, List<Class<? extends Record>> payloads) {
        RecordSchemas.Deriver deriver = new RecordSchemas.Deriver(namespace);
        String name = prefix + "Emission";
        deriver.reserve(name, "the emission envelope " + name);
        List<Schema> branches = new ArrayList<>();
        for (Class<? extends Record> payload : payloads) {
            branches.add(deriver.record(payload));
        }
        Schema envelope = Schema.createRecord(name, "An emission of game " + prefix
                + ": the MetaSPN emission envelope.", namespace, false);
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(new Schema.Field("emission_id", Schema.create(Schema.Type.STRING),
                "<signal_id>:<suffix>, stable across replays."));
        fields.add(new Schema.Field("caused_by", Schema.create(Schema.Type.STRING), "The causing signal's id."));
        fields.add(new Schema.Field("emission_type", Schema.create(Schema.Type.STRING)));
        fields.add(new Schema.Field("timestamp", RecordSchemas.timestampMicros(), "The causing signal's event time."));
        fields.add(new Schema.Field("payload", Schema.createUnion(branches)));
        fields.add(metadata());
        fields.add(schemaVersion());
        fields.add(trace());
        envelope.setFields(fields);
        return envelope;
    }

    private static Schema state(String prefix, String namespace, Class<? extends Record> state) {
        RecordSchemas.Deriver deriver = new RecordSchemas.Deriver(namespace);
        String name = prefix + "State";
        deriver.reserve(name, "the state record " + name);
        Schema value = deriver.record(state);
        Schema record = Schema.createRecord(name, "The per-entity state of game " + prefix + ".", namespace, false);
        record.setFields(List.of(
                new Schema.Field("value", value, "The game's state of the entity."),
                new Schema.Field("version", Schema.create(Schema.Type.LONG),
                        "How many signals changed the state (0: none yet, or written before this field existed).", 0L),
                new Schema.Field("created_at", RecordSchemas.nullable(RecordSchemas.timestampMicros()),
                        "Event time of the first signal of the entity (null: written before this field existed).",
                        JsonProperties.NULL_VALUE),
                new Schema.Field("updated_at", RecordSchemas.nullable(RecordSchemas.timestampMicros()),
                        "Event time of the signal that last changed the state (its creation if none did; null: "
                                + "written before this field existed).", JsonProperties.NULL_VALUE)));
        return record;
    }

    private static Schema.Field metadata() {
        return new Schema.Field("metadata", Schema.createMap(Schema.create(Schema.Type.STRING)),
                "Free-form context: each value is a JSON text.", Map.of());
    }

    private static Schema.Field schemaVersion() {
        return new Schema.Field("schema_version", Schema.create(Schema.Type.INT), "Envelope schema version.",
                SCHEMA_VERSION);
    }

    private static Schema.Field trace() {
        return new Schema.Field("trace", RecordSchemas.nullable(traceSchema()),
                "Trace context, when the producer has one.", JsonProperties.NULL_VALUE);
    }

    private static String requireGame(String game) {
        if (game == null || game.isBlank()) {
            throw new IllegalArgumentException("a game name is required");
        }
        return game;
    }
}
