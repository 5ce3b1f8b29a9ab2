package io.metaspn.streams.game;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.avro.derived.GameSchemas;
import io.metaspn.streams.avro.derived.RecordCodec;
import io.metaspn.streams.stages.Stage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro side of a game bound by {@link GameBindingBuilder}: the envelopes of {@link GameSchemas} (derived from
 * the game's record types) as generic records, payloads and state converted by {@link RecordCodec}.
 */
final class DerivedAvroCodec<T extends Record, S extends Record> extends StageAvroCodec<T, S> {
    private final GameSchemas schemas;
    private final RecordCodec<T> payload;
    private final RecordCodec<S> state;
    private final Map<Class<?>, RecordCodec<? extends Record>> emissionsByType = new LinkedHashMap<>();
    private final Map<String, RecordCodec<? extends Record>> emissionsByName = new HashMap<>();

    DerivedAvroCodec(Stage<T, S> stage, GameSchemas schemas, Class<T> payloadType, Class<S> stateType,
                     List<Class<? extends Record>> emissionTypes) {
        super(stage, () -> new GenericData.Record(schemas.signal()), () -> new GenericData.Record(schemas.emission()));
        this.schemas = schemas;
        this.payload = RecordCodec.of(payloadType, schemas.signalPayload());
        this.state = RecordCodec.of(stateType, schemas.stateValue());
        for (Class<? extends Record> type : emissionTypes) {
            RecordCodec<? extends Record> codec = RecordCodec.of(type, schemas.emissionPayload(type));
            emissionsByType.put(type, codec);
            emissionsByName.put(codec.schema().getFullName(), codec);
        }
    }

    /** The derived schemas. */
    GameSchemas schemas() {
        return schemas;
    }

    @Override
    public Schema signalSchema() {
        return schemas.signal();
    }

    @Override
    public Schema emissionSchema() {
        return schemas.emission();
    }

    @Override
    public Schema stateSchema() {
        return schemas.state();
    }

    @Override
    public GenericRecord fromState(S value) {
        GenericRecord record = new GenericData.Record(schemas.state());
        record.put("value", state.toAvro(value));
        record.put("version", 0L);
        return record;
    }

    @Override
    public S toState(GenericRecord record) {
        return state.fromAvro((GenericRecord) record.get("value"));
    }

    @Override
    protected T payloadFrom(GenericRecord record) {
        return payload.fromAvro(record);
    }

    @Override
    protected GenericRecord payloadTo(T value) {
        return payload.toAvro(value);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected GenericRecord emissionPayloadTo(Object value) {
        RecordCodec codec = value == null ? null : emissionsByType.get(value.getClass());
        if (codec == null) {
            throw notOfThisStage(value);
        }
        return codec.toAvro((Record) value);
    }

    @Override
    protected Object emissionPayloadFrom(GenericRecord record) {
        RecordCodec<? extends Record> codec = emissionsByName.get(record.getSchema().getFullName());
        if (codec == null) {
            throw notOfThisStage(record);
        }
        return codec.fromAvro(record);
    }
}
