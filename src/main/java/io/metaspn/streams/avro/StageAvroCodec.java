package io.metaspn.streams.avro;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.State;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.jsonvalue.JsonValues;
import io.metaspn.streams.stages.Stage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps one stage's engine types to and from its Avro records (schemas/current/&lt;stage&gt;): the
 * signal envelope, the emission envelope (payload: a union of the stage's emission payloads) and
 * the per-entity state. Reading a signal validates it like the JSON boundary does: a
 * {@link ValidationException} names the offending field.
 *
 * <p>Records are generated classes (the reference stages' hand-made schemas) or generic records (schemas derived
 * from a game's types): generic records hold times as {@code long} microseconds and may hold strings as
 * {@link CharSequence}; both are read and written here.
 *
 * <p>Envelope {@code metadata} is a map of JSON texts. A signal's {@code trace} and
 * {@code entity_refs} are transport context: written from the signal ({@code trace_id} from its
 * metadata, the entity key), not copied back into the engine's metadata.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
public abstract class StageAvroCodec<T, S> {
    /** The envelope schema version written by this code. */
    public static final int SCHEMA_VERSION = 1;

    private final Stage<T, S> stage;
    private final Supplier<? extends GenericRecord> newSignal;
    private final Supplier<? extends GenericRecord> newEmission;

    /**
     * @param stage       the stage served (its key, and the entity key of a signal)
     * @param newSignal   a new, empty signal envelope record
     * @param newEmission a new, empty emission envelope record
     */
    protected StageAvroCodec(Stage<T, S> stage, Supplier<? extends GenericRecord> newSignal,
                             Supplier<? extends GenericRecord> newEmission) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.newSignal = newSignal;
        this.newEmission = newEmission;
    }

    /** The stage this codec serves. */
    public Stage<T, S> stage() {
        return stage;
    }

    /** The signal envelope schema. */
    public Schema signalSchema() {
        return newSignal.get().getSchema();
    }

    /** The emission envelope schema. */
    public Schema emissionSchema() {
        return newEmission.get().getSchema();
    }

    /** The state schema. */
    public abstract Schema stateSchema();

    /**
     * The engine signal of an Avro signal envelope.
     *
     * @throws ValidationException naming the field when the signal breaks the stage's rules
     */
    public Signal<T> toSignal(GenericRecord envelope) {
        String signalId = Checks.nonEmpty(text(envelope.get(field(envelope, "signal_id"))), "signal_id");
        Instant timestamp = Checks.present(instant(envelope.get(field(envelope, "timestamp"))), "timestamp");
        String source = text(envelope.get(field(envelope, "source")));
        GenericRecord payload = Checks.present((GenericRecord) envelope.get(field(envelope, "payload")), "payload");
        T value;
        try {
            value = payloadFrom(payload);
        } catch (ValidationException e) {
            throw e.under("payload");
        } catch (NullPointerException e) {
            throw new ValidationException("payload", "has a missing field: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<CharSequence, CharSequence> metadata = (Map<CharSequence, CharSequence>) envelope.get(
                field(envelope, "metadata"));
        return new Signal<>(value, timestamp, source, signalId, readMetadata(metadata));
    }

    /** The Avro signal envelope of an engine signal. */
    public GenericRecord fromSignal(Signal<T> signal) {
        GenericRecord envelope = newSignal.get();
        envelope.put("signal_id", signal.signalId());
        putInstant(envelope, "timestamp", signal.timestamp());
        envelope.put("source", signal.source());
        envelope.put("payload", payloadTo(signal.payload()));
        envelope.put("metadata", writeMetadata(signal.metadata()));
        envelope.put("schema_version", SCHEMA_VERSION);
        String entity = stage.entityKey(signal.payload());
        envelope.put("entity_refs", entity == null ? List.of() : List.of(entity)); // no key: the stage refuses it
        Object traceId = signal.metadata().get("trace_id");
        envelope.put("trace", traceId instanceof String id ? trace(envelope, id, null, List.of()) : null);
        return envelope;
    }

    /** The Avro emission envelope of an emission of this stage. */
    public GenericRecord fromEmission(Emission<?> emission) {
        GenericRecord envelope = newEmission.get();
        envelope.put("emission_id", emission.emissionId());
        envelope.put("caused_by", emission.causedBy());
        envelope.put("emission_type", emission.emissionType());
        putInstant(envelope, "timestamp", emission.timestamp());
        envelope.put("payload", emissionPayloadTo(emission.payload()));
        envelope.put("metadata", writeMetadata(emission.metadata()));
        envelope.put("schema_version", SCHEMA_VERSION);
        envelope.put("trace", trace(envelope, null, emission.causedBy(), List.of(stage.key())));
        return envelope;
    }

    /** The emission of an Avro emission envelope (payload as the stage's record, metadata decoded). */
    public Emission<Object> toEmission(GenericRecord envelope) {
        @SuppressWarnings("unchecked")
        Map<CharSequence, CharSequence> metadata = (Map<CharSequence, CharSequence>) envelope.get(
                field(envelope, "metadata"));
        return new Emission<>(emissionPayloadFrom((GenericRecord) envelope.get(field(envelope, "payload"))),
                text(envelope.get(field(envelope, "caused_by"))),
                text(envelope.get(field(envelope, "emission_type"))),
                text(envelope.get(field(envelope, "emission_id"))),
                instant(envelope.get(field(envelope, "timestamp"))),
                readMetadata(metadata));
    }

    /**
     * The Avro record of a state value, unstamped (version 0, no times); {@link #fromStampedState} adds the
     * version and times of the engine's {@link State}, as the stage processor stores it.
     */
    public abstract GenericRecord fromState(S state);

    /**
     * What every state record holds besides the stage's value: how many signals changed it, and the event times
     * of the entity's first signal and of the last change (null in records written before these fields existed).
     *
     * @param version   signals that changed the state
     * @param createdAt event time of the entity's first signal, or null
     * @param updatedAt event time of the last change (the first signal's when none changed it), or null
     */
    public record StateStamp(long version, Instant createdAt, Instant updatedAt) {

        /** The stamp of an engine state: its version and times. */
        public static StateStamp of(State<?> state) {
            return new StateStamp(state.version(), state.createdAt(), state.updatedAt());
        }
    }

    /** The stamp of a state record. */
    public static StateStamp stampOf(GenericRecord state) {
        return new StateStamp((Long) state.get(field(state, "version")), instant(state.get(field(state, "created_at"))),
                instant(state.get(field(state, "updated_at"))));
    }

    /** Sets the stamp of a state record. */
    public static void stamp(GenericRecord state, StateStamp stamp) {
        state.put(field(state, "version"), stamp.version());
        putInstant(state, "created_at", stamp.createdAt());
        putInstant(state, "updated_at", stamp.updatedAt());
    }

    /** The state of an Avro state record. */
    public abstract S toState(GenericRecord record);

    /** The Avro record of an engine state: its value, stamped with its version and times. */
    public GenericRecord fromStampedState(State<S> state) {
        GenericRecord record = fromState(state.value());
        stamp(record, StateStamp.of(state));
        return record;
    }

    /** The stage payload of an Avro payload record (validated by the payload's constructor). */
    protected abstract T payloadFrom(GenericRecord payload);

    /** The Avro payload record of a stage payload. */
    protected abstract GenericRecord payloadTo(T payload);

    /** The Avro record of one of the stage's emission payloads. */
    protected abstract GenericRecord emissionPayloadTo(Object payload);

    /** The stage's emission payload of an Avro payload record. */
    protected abstract Object emissionPayloadFrom(GenericRecord payload);

    /** An error for a payload type this stage does not emit. */
    protected final IllegalArgumentException notOfThisStage(Object payload) {
        return new IllegalArgumentException(stage.key() + " has no emission payload of type "
                + (payload == null ? "null" : payload.getClass().getName()));
    }

    /** A string field's value (generic records may hold {@link org.apache.avro.util.Utf8}), or null. */
    protected static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A time field's value: an {@link Instant} in a generated class, microseconds since the epoch otherwise. */
    protected static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        long micros = (Long) value;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** Sets a time field (timestamp-micros): an {@link Instant} in a generated class, microseconds otherwise. */
    private static void putInstant(GenericRecord record, String name, Instant time) {
        int pos = field(record, name);
        if (record instanceof SpecificRecord || time == null) {
            record.put(pos, time);
        } else {
            record.put(pos, Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L),
                    time.getNano() / 1000L));
        }
    }

    /** The trace of an envelope: the generated {@link Trace} in a generated class, a generic record otherwise. */
    private static Object trace(GenericRecord envelope, String traceId, String causedBy, List<String> provenance) {
        if (envelope instanceof SpecificRecord) {
            return new Trace(traceId, causedBy, provenance);
        }
        Schema schema = envelope.getSchema().getField("trace").schema();
        if (schema.isUnion()) {
            schema = schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).findFirst()
                    .orElseThrow();
        }
        GenericRecord trace = new org.apache.avro.generic.GenericData.Record(schema);
        trace.put("trace_id", traceId);
        trace.put("caused_by", causedBy);
        trace.put("provenance", provenance);
        return trace;
    }

    private static int field(GenericRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        if (field == null) {
            throw new ValidationException(name, "is not a field of " + record.getSchema().getFullName());
        }
        return field.pos();
    }

    private static Map<String, String> writeMetadata(Map<String, Object> metadata) {
        Map<String, String> texts = new LinkedHashMap<>(Math.max(4, metadata.size() * 2));
        metadata.forEach((key, value) -> texts.put(key, JsonValues.write(value)));
        return texts;
    }

    private static Map<String, Object> readMetadata(Map<CharSequence, CharSequence> texts) {
        if (texts == null || texts.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        texts.forEach((key, text) -> metadata.put(key.toString(), JsonValues.read(text.toString(), "metadata." + key)));
        return metadata;
    }
}
