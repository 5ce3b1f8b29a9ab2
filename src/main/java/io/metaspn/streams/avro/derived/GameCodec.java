package io.metaspn.streams.avro.derived;

import io.metaspn.streams.engine.Checks;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.State;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.jsonvalue.JsonValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A game's engine types to and from the Avro generic records of its {@link GameSchemas derived schemas}, the
 * derived counterpart of the reference stages' {@code StageAvroCodec}, with the same envelope rules: metadata
 * values are JSON texts; a signal's {@code trace} (its {@code trace_id} metadata) and {@code entity_refs} (its
 * entity key) are written from the signal and not read back into it; an emission's {@code trace} names its
 * cause and the game; {@code schema_version} is {@link GameSchemas#SCHEMA_VERSION}. Reading a signal throws a
 * {@link ValidationException} naming the field at fault ({@code signal_id}, {@code payload.listener_id}).
 *
 * <p>Times are {@code long} microseconds in the records (a plain generic writer writes them); a state keeps
 * its value, version and times (its transition history is not stored, as for the reference stages).
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
public final class GameCodec<T extends Record, S extends Record> {
    private final String game;
    private final GameSchemas schemas;
    private final RecordCodec<T> payload;
    private final RecordCodec<S> state;
    private final Map<Class<?>, RecordCodec<? extends Record>> emissionsByType;
    private final Map<String, RecordCodec<? extends Record>> emissionsByName;
    private final Function<? super Signal<T>, String> entityKey;
    private final Schema traceSchema;

    private GameCodec(String game, GameSchemas schemas, Class<T> payloadType, Class<S> stateType,
                      List<Class<? extends Record>> emissionTypes, Function<? super Signal<T>, String> entityKey) {
        this.game = Objects.requireNonNull(game, "game");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.entityKey = Objects.requireNonNull(entityKey, "entityKey");
        this.payload = RecordCodec.of(payloadType, schemas.signalPayload());
        this.state = RecordCodec.of(stateType, schemas.stateValue());
        this.emissionsByType = new LinkedHashMap<>();
        this.emissionsByName = new LinkedHashMap<>();
        for (Class<? extends Record> type : emissionTypes) {
            RecordCodec<? extends Record> codec = RecordCodec.of(type, schemas.emissionPayload(type));
            emissionsByType.put(type, codec);
            emissionsByName.put(codec.schema().getFullName(), codec);
        }
        this.traceSchema = schemas.signal().getField("trace").schema().getTypes().get(1);
    }

    /**
     * A codec for a game's derived schemas.
     *
     * @param game             the game's name or stage key (the emissions' trace provenance)
     * @param schemas          the game's schemas, derived from these types
     * @param payloadType      the signal payload record type
     * @param stateType        the state record type
     * @param emissionTypes    the emission payload record types
     * @param entityKey        the entity a signal refers to ({@code entity_refs})
     * @throws IllegalArgumentException when a schema does not fit its type
     */
    public static <T extends Record, S extends Record> GameCodec<T, S> of(
            String game, GameSchemas schemas, Class<T> payloadType, Class<S> stateType,
            List<Class<? extends Record>> emissionTypes, Function<? super Signal<T>, String> entityKey) {
        return new GameCodec<>(game, schemas, payloadType, stateType, List.copyOf(emissionTypes), entityKey);
    }

    /** Derives a game's schemas ({@link GameSchemas#derive}) and a codec for them. */
    public static <T extends Record, S extends Record> GameCodec<T, S> derive(
            String game, String namespace, Class<T> payloadType, Class<S> stateType,
            List<Class<? extends Record>> emissionTypes, Function<? super Signal<T>, String> entityKey) {
        return of(game, GameSchemas.derive(game, namespace, payloadType, stateType, emissionTypes), payloadType,
                stateType, emissionTypes, entityKey);
    }

    /** The game's schemas. */
    public GameSchemas schemas() {
        return schemas;
    }

    /** The signal envelope of an engine signal. */
    public GenericRecord fromSignal(Signal<T> signal) {
        GenericRecord envelope = new GenericData.Record(schemas.signal());
        envelope.put("signal_id", signal.signalId());
        envelope.put("timestamp", micros(signal.timestamp()));
        envelope.put("source", signal.source());
        envelope.put("payload", payload.toAvro(signal.payload()));
        envelope.put("metadata", writeMetadata(signal.metadata()));
        envelope.put("schema_version", GameSchemas.SCHEMA_VERSION);
        envelope.put("entity_refs", List.of(entityKey.apply(signal)));
        Object traceId = signal.metadata().get("trace_id");
        envelope.put("trace", traceId instanceof String id ? trace(id, null, List.of()) : null);
        return envelope;
    }

    /**
     * The engine signal of a signal envelope (resolved to this codec's schema).
     *
     * @throws ValidationException naming the field when a required field is missing or the payload does not fit
     */
    public Signal<T> toSignal(GenericRecord envelope) {
        String signalId = Checks.nonEmpty(text(envelope.get("signal_id")), "signal_id");
        Instant timestamp = Checks.present(instant(envelope.get("timestamp")), "timestamp");
        String source = text(envelope.get("source"));
        GenericRecord record = Checks.present((GenericRecord) envelope.get("payload"), "payload");
        T value;
        try {
            value = payload.fromAvro(record);
        } catch (ValidationException e) {
            throw e.under("payload");
        }
        return new Signal<>(value, timestamp, source, signalId, readMetadata(envelope.get("metadata")));
    }

    /**
     * The emission envelope of an emission of this game.
     *
     * @throws IllegalArgumentException when the payload's type is not one of the game's emission payload types
     */
    public GenericRecord fromEmission(Emission<?> emission) {
        Object value = emission.payload();
        RecordCodec<? extends Record> codec = value == null ? null : emissionsByType.get(value.getClass());
        if (codec == null) {
            throw new IllegalArgumentException(game + " has no emission payload of type "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        GenericRecord envelope = new GenericData.Record(schemas.emission());
        envelope.put("emission_id", emission.emissionId());
        envelope.put("caused_by", emission.causedBy());
        envelope.put("emission_type", emission.emissionType());
        envelope.put("timestamp", micros(emission.timestamp()));
        envelope.put("payload", toAvro(codec, value));
        envelope.put("metadata", writeMetadata(emission.metadata()));
        envelope.put("schema_version", GameSchemas.SCHEMA_VERSION);
        envelope.put("trace", trace(null, emission.causedBy(), List.of(game)));
        return envelope;
    }

    /** The emission of an emission envelope (payload as the game's record, metadata decoded). */
    public Emission<Object> toEmission(GenericRecord envelope) {
        GenericRecord record = (GenericRecord) envelope.get("payload");
        RecordCodec<? extends Record> codec = emissionsByName.get(record.getSchema().getFullName());
        if (codec == null) {
            throw new ValidationException("payload", record.getSchema().getFullName()
                    + " is not an emission payload of " + game);
        }
        return new Emission<>(codec.fromAvro(record), text(envelope.get("caused_by")),
                text(envelope.get("emission_type")), text(envelope.get("emission_id")),
                instant(envelope.get("timestamp")), readMetadata(envelope.get("metadata")));
    }

    /** The state record of a state: its value and stamp (version, created and updated times). */
    public GenericRecord fromState(State<S> value) {
        GenericRecord record = new GenericData.Record(schemas.state());
        record.put("value", state.toAvro(value.value()));
        record.put("version", value.version());
        record.put("created_at", micros(value.createdAt()));
        record.put("updated_at", micros(value.updatedAt()));
        return record;
    }

    /**
     * The state of a state record, without history. A time the record lacks (null) reads as the other one, or
     * as the epoch when both are missing.
     */
    public State<S> toState(GenericRecord record) {
        S value = state.fromAvro((GenericRecord) record.get("value"));
        Instant createdAt = instant(record.get("created_at"));
        Instant updatedAt = instant(record.get("updated_at"));
        Instant created = createdAt != null ? createdAt : updatedAt != null ? updatedAt : Instant.EPOCH;
        return new State<>(value, ((Number) record.get("version")).longValue(), created,
                updatedAt != null ? updatedAt : created, List.of(), 0);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Record> GenericRecord toAvro(RecordCodec<E> codec, Object value) {
        return codec.toAvro((E) value);
    }

    private GenericRecord trace(String traceId, String causedBy, List<String> provenance) {
        GenericRecord trace = new GenericData.Record(traceSchema);
        trace.put("trace_id", traceId);
        trace.put("caused_by", causedBy);
        trace.put("provenance", new ArrayList<>(provenance));
        return trace;
    }

    private static Long micros(Instant instant) {
        return instant == null ? null
                : Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        long micros = ((Number) value).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Map<String, String> writeMetadata(Map<String, Object> metadata) {
        Map<String, String> texts = new LinkedHashMap<>(Math.max(4, metadata.size() * 2));
        metadata.forEach((key, value) -> texts.put(key, JsonValues.write(value)));
        return texts;
    }

    private static Map<String, Object> readMetadata(Object texts) {
        if (!(texts instanceof Map<?, ?> map) || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        map.forEach((key, text) -> metadata.put(key.toString(),
                JsonValues.read(text.toString(), "metadata." + key)));
        return metadata;
    }
}
