package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.avro.m1.M1Profile;
import io.metaspn.streams.avro.m1.M1Signal;
import io.metaspn.streams.registry.AvroWireFormat;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroRecordSerdeTest {
    private static final String TOPIC = "metaspn.m1.signals.v1";
    private final String scope = "serde-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = SchemaRegistries.inMemory(scope);

    @AfterEach
    void drop() {
        SchemaRegistries.dropScope(scope);
    }

    private static M1Signal signal() {
        return new M1Signal("sig_1", Instant.parse("2026-02-06T12:00:00.123456Z"), "src",
                new M1Profile("p_1", "core", "email", 0.5, 0.25), Map.of("trace_id", "\"tr_1\""), 1, List.of("p_1"),
                null);
    }

    @Test
    void roundTripInTheConfluentWireFormat() {
        AvroRecordSerde serde = new AvroRecordSerde(registry, M1Signal.getClassSchema(), true, false);

        byte[] bytes = serde.serializer().serialize(TOPIC, signal());

        assertThat(bytes[0]).isZero();
        assertThat(AvroWireFormat.schemaId(bytes)).isEqualTo(registry.getLatest(TOPIC + "-value").id());
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(signal());
        assertThat(serde.subject(TOPIC)).isEqualTo(TOPIC + "-value");
        assertThat(new AvroRecordSerde(registry, M1Signal.getClassSchema(), true, true).subject(TOPIC))
                .isEqualTo(TOPIC + "-key");
    }

    @Test
    void aRecordWrittenWithAnEarlierEnvelopeIsReadByTheCurrentCode() {
        Schema current = M1Signal.getClassSchema();
        List<Schema.Field> olderFields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            if (!field.name().equals("entity_refs") && !field.name().equals("trace")) {
                olderFields.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
                olderFields);
        GenericRecord old = new GenericData.Record(older);
        M1Signal now = signal();
        for (Schema.Field field : older.getFields()) {
            old.put(field.name(), field.name().equals("timestamp") ? 1_770_379_200_123_456L
                    : field.name().equals("payload") ? toGeneric(now.getPayload()) : now.get(field.name()));
        }
        int olderId = registry.register(TOPIC + "-value", older);
        byte[] bytes = AvroWireFormat.encode(olderId, old, older);

        GenericRecord read = new AvroRecordSerde(registry, current, false, false).deserializer()
                .deserialize(TOPIC, bytes);

        M1Signal signal = (M1Signal) read;
        assertThat(signal.getEntityRefs()).isEmpty();
        assertThat(signal.getTrace()).isNull();
        assertThat(signal.getPayload()).isEqualTo(now.getPayload());
        assertThat(signal.getTimestamp()).isEqualTo(now.getTimestamp());
    }

    private static GenericRecord toGeneric(M1Profile profile) {
        GenericRecord record = new GenericData.Record(M1Profile.getClassSchema());
        for (Schema.Field field : M1Profile.getClassSchema().getFields()) {
            record.put(field.name(), profile.get(field.name()));
        }
        return record;
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsRefusedNamingTheSubject() {
        AvroRecordSerde serde = new AvroRecordSerde(registry, M1Signal.getClassSchema(), false, false);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, signal()))
                .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC + "-value");
    }

    @Test
    void bytesThatAreNotAvroFailWithTheTopicAndTheReason() {
        AvroRecordSerde serde = new AvroRecordSerde(registry, M1Signal.getClassSchema(), true, false);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC).hasMessageContaining("magic");
    }
}
