package io.metaspn.streams.avro.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.registry.AvroWireFormat;
import io.metaspn.streams.registry.CompatibilityLevel;
import io.metaspn.streams.registry.InMemorySchemaRegistryClient;
import io.metaspn.streams.registry.SchemaRegistryException;
import io.metaspn.streams.registry.SubjectNameStrategy;
import java.time.Instant;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Derived envelopes through the project's registry client and wire format, as a stage writes and reads them. */
class DerivedWireFormatTest {
    private static final String TOPIC = "metaspn.quiz.signals.v1";
    private static final Instant AT = Instant.parse("2026-01-01T08:00:00Z");

    static final class V1 {
        record Answer(String playerId, int points) {
        }

        record Tally(long total) {
        }

        record Scored(String playerId, long total) {
        }
    }

    static final class V2 {
        record Answer(String playerId, int points, Boolean bonus) {
        }

        record Tally(long total) {
        }

        record Scored(String playerId, long total) {
        }
    }

    static final class Broken {
        record Answer(String playerId, String points) {
        }

        record Tally(long total) {
        }

        record Scored(String playerId, long total) {
        }
    }

    private static <T extends Record> GameCodec<T, ?> codec(Class<T> answer, Class<? extends Record> tally,
                                                            Class<? extends Record> scored) {
        return GameCodec.derive("quiz", GameSchemas.defaultNamespace("quiz"), answer, tally, List.of(scored),
                signal -> "p");
    }

    @Test
    void aSignalWrittenWithTheReleasedSchemaIsReadWithTheNextOne() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(CompatibilityLevel.BACKWARD_TRANSITIVE);
        GameCodec<V1.Answer, ?> v1 = codec(V1.Answer.class, V1.Tally.class, V1.Scored.class);
        GameCodec<V2.Answer, ?> v2 = codec(V2.Answer.class, V2.Tally.class, V2.Scored.class);
        String subject = SubjectNameStrategy.TOPIC_NAME.subject(TOPIC, false);

        int v1Id = registry.register(subject, v1.schemas().signal());
        byte[] bytes = AvroWireFormat.encode(v1Id,
                v1.fromSignal(Signal.of(new V1.Answer("p", 3), AT, "quiz", "a-1")), v1.schemas().signal());
        registry.register(subject, v2.schemas().signal());

        GenericRecord read = (GenericRecord) AvroWireFormat.decode(bytes, registry, v2.schemas().signal());

        assertThat(v2.toSignal(read)).isEqualTo(Signal.of(new V2.Answer("p", 3, null), AT, "quiz", "a-1"));
    }

    @Test
    void theRegistryRefusesAnIncompatibleDerivedSchema() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(CompatibilityLevel.BACKWARD_TRANSITIVE);
        String subject = SubjectNameStrategy.TOPIC_NAME.subject(TOPIC, false);
        registry.register(subject, codec(V1.Answer.class, V1.Tally.class, V1.Scored.class).schemas().signal());

        assertThatThrownBy(() -> registry.register(subject,
                codec(Broken.Answer.class, Broken.Tally.class, Broken.Scored.class).schemas().signal()))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("incompatible");
    }
}
