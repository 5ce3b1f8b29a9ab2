package io.metaspn.streams.kafka;

import io.metaspn.streams.registry.AvroWireFormat;
import io.metaspn.streams.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro records of one schema in the Confluent wire format (magic byte 0, 4-byte schema id, Avro
 * binary), subjects named by topic ({@code <topic>-value} or {@code <topic>-key}). Writers register
 * their schema when auto-registration is on, and otherwise require it to be registered already;
 * readers resolve the writer schema by id and read into {@code readerSchema}, so records written
 * with an earlier compatible version stay readable. A schema with a generated class is read into that class; any
 * other (a game's derived schema) into generic records.
 */
public final class AvroRecordSerde implements Serde<GenericRecord> {
    private final SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final Class<? extends SpecificRecord> recordClass;
    private final boolean autoRegister;
    private final boolean isKey;
    private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();

    /**
     * @param registry     where schemas and ids live
     * @param schema       the schema written, and read into
     * @param autoRegister whether writing registers the schema (off for production)
     * @param isKey        whether this serde is for keys ({@code -key} subjects)
     */
    public AvroRecordSerde(SchemaRegistryClient registry, Schema schema, boolean autoRegister, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readerSchema = Objects.requireNonNull(schema, "schema");
        this.recordClass = recordClass(schema);
        this.autoRegister = autoRegister;
        this.isKey = isKey;
    }

    /** The subject of {@code topic}'s values (or keys). */
    public String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return (topic, record) -> record == null ? null
                : AvroWireFormat.encode(schemaId(topic), record, readerSchema);
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return recordClass == null ? (GenericRecord) AvroWireFormat.decode(bytes, registry, readerSchema)
                        : (GenericRecord) AvroWireFormat.decode(bytes, registry, recordClass);
            } catch (RuntimeException e) {
                throw new SerializationException("cannot read a " + readerSchema.getName() + " from topic "
                        + topic + ": " + e.getMessage(), e);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> recordClass(Schema schema) {
        Class<?> type = SpecificData.get().getClass(schema);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            return null;
        }
        return (Class<? extends SpecificRecord>) type;
    }

    private int schemaId(String topic) {
        return idBySubject.computeIfAbsent(subject(topic), subject -> {
            if (autoRegister) {
                return registry.register(subject, readerSchema);
            }
            return registry.lookup(subject, readerSchema).orElseThrow(() -> new SchemaNotRegisteredException(
                    subject, readerSchema.getFullName()));
        });
    }
}
