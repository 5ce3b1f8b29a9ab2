package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.registry.AvroWireFormat;
import io.metaspn.streams.registry.AvroWireFormatException;
import io.metaspn.streams.registry.SchemaRegistryException;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/** What turning a stage's output into records blames: the stage for a value its schema cannot hold, never a fault. */
class StageOutputEncodingTest {
    private static final Schema SCORE = SchemaBuilder.record("Score").fields().requiredString("profile_id")
            .requiredDouble("score").endRecord();

    @Test
    void aValueTheSchemaCannotHoldIsTheStagesFault() {
        GenericData.Record missing = new GenericData.Record(SCORE);
        missing.put("score", 0.5);

        assertThatThrownBy(() -> StageProcessor.output("emission ", "s1:score", () -> AvroWireFormat.encode(7, missing,
                SCORE))).isInstanceOf(OutputEncodingException.class).hasMessageStartingWith(
                        "emission s1:score does not fit its schema: ").hasNoCause()
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .isInstanceOf(AvroWireFormatException.class));
        assertThatThrownBy(() -> StageProcessor.output("the state of entity ", "p1", () -> {
            throw new ValidationException("value.tier", "is null, and its schema has no null");
        })).isInstanceOf(OutputEncodingException.class).hasMessageContaining("value.tier");
        assertThat(DeadLetterReason.ofProcessing(catchOutput(() -> AvroWireFormat.encode(7, missing, SCORE))))
                .isEqualTo(DeadLetterReason.STEP_FAILED);
    }

    @Test
    void aRegistryFaultPassesUnchangedAndStaysAFaultOfTheInfrastructure() {
        SchemaRegistryException down = new SchemaRegistryException(503, 50301, "registry unavailable");

        assertThatThrownBy(() -> StageProcessor.output("emission ", "s1:score", () -> {
            throw down;
        })).isSameAs(down);
        assertThat(Faults.isInfrastructure(down)).isTrue();
    }

    @Test
    void aValueThatFitsPassesThrough() {
        GenericData.Record fits = new GenericData.Record(SCORE);
        fits.put("profile_id", "p1");
        fits.put("score", 0.5);

        assertThat(StageProcessor.output("emission ", "s1:score", () -> AvroWireFormat.encode(7, fits, SCORE)))
                .startsWith((byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 7);
    }

    private static RuntimeException catchOutput(Supplier<?> step) {
        try {
            StageProcessor.output("emission ", "x", step);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }
}
