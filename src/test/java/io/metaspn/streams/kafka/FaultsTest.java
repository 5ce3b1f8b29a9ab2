package io.metaspn.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.registry.AvroWireFormat;
import io.metaspn.streams.registry.AvroWireFormatException;
import io.metaspn.streams.registry.InMemorySchemaRegistryClient;
import io.metaspn.streams.registry.SchemaRegistryException;
import java.io.EOFException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultsTest {

    private static SchemaRegistryException registry(int status, int code) {
        return new SchemaRegistryException(status, code, "GET /schemas/ids/1");
    }

    /** How Kafka Streams hands a failure to the handlers: wrapped, with the cause inside. */
    private static Exception wrapped(Throwable cause) {
        return new StreamsException("failed", new SerializationException("cannot read", cause));
    }

    /** The failure of reading a record whose schema the registry answers with {@code status} for. */
    private static Exception reading(int status) {
        InMemorySchemaRegistryClient backend = new InMemorySchemaRegistryClient();
        Schema schema = Schema.create(Schema.Type.STRING);
        byte[] bytes = AvroWireFormat.encode(backend.register("s-value", schema), "text", schema);
        FlakyRegistry registry = new FlakyRegistry(backend);
        registry.down(true, false);
        registry.answering(status);
        return wrapped(catchThrowableOfType(AvroWireFormatException.class,
                () -> AvroWireFormat.decode(bytes, registry, schema)));
    }

    @ParameterizedTest(name = "registry status {0}")
    @ValueSource(ints = {SchemaRegistryException.NO_RESPONSE, 500, 502, 503, 429, 401, 403, 408, 409})
    void readingARecordWhileTheRegistryCannotAnswerIsInfrastructure(int status) {
        assertThat(Faults.isInfrastructure(reading(status))).isTrue();
    }

    @ParameterizedTest(name = "registry status {0}")
    @ValueSource(ints = {400, 404, 422})
    void readingARecordWhoseSchemaTheRegistryRejectsIsTheRecordsFault(int status) {
        assertThat(Faults.isInfrastructure(reading(status))).isFalse();
    }

    @ParameterizedTest(name = "registry status {0}")
    @ValueSource(ints = {SchemaRegistryException.NO_RESPONSE, 400, 404, 409, 422, 503})
    void anyRegistryFailureWhileWritingIsInfrastructure(int status) {
        assertThat(Faults.isInfrastructure(new StreamsException("encoding the emission failed",
                new SchemaRegistryException(status, status, "POST /subjects/x-value")))).isTrue();
    }

    @Test
    void brokerAndConfigurationFaultsAreInfrastructure() {
        assertThat(Faults.isInfrastructure(wrapped(new TimeoutException("metadata")))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(new SaslAuthenticationException("bad password")))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(new TopicAuthorizationException("no ACL")))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(new SchemaNotRegisteredException("s-value", "S")))).isTrue();
    }

    @Test
    void truncatedOrGarbledBytesAreTheRecordsFault() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        Schema schema = Schema.create(Schema.Type.DOUBLE);
        byte[] bytes = AvroWireFormat.encode(registry.register("s-value", schema), 1.5, schema);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 4);
        AvroWireFormatException endsEarly = catchThrowableOfType(AvroWireFormatException.class,
                () -> AvroWireFormat.decode(truncated, registry, schema));
        assertThat(endsEarly).hasRootCauseInstanceOf(EOFException.class);
        assertThat(Faults.isNotTheRecords(wrapped(endsEarly))).isFalse();
        AvroWireFormatException garbled = catchThrowableOfType(AvroWireFormatException.class,
                () -> AvroWireFormat.decode(new byte[] {7, 7, 7}, registry, schema));
        assertThat(Faults.isNotTheRecords(wrapped(garbled))).isFalse();
    }

    @Test
    void aWriteTheBrokerRefusedIsNotTheFaultOfTheRecordBeingHandledWhenItSurfaces() {
        assertThat(Faults.isRefusedWrite(new StreamsException("send failed", new RecordTooLargeException("big"))))
                .isTrue();
        assertThat(Faults.isRefusedWrite(new KafkaException("Cannot execute transactional method because we are in "
                + "an error state", new InvalidRecordException("Timestamp 1 of message with offset 0 is out of range"))))
                .isTrue();
        assertThat(Faults.isNotTheRecords(new StreamsException(new TransactionAbortableException("aborted")))).isTrue();
        assertThat(Faults.isRefusedWrite(new StreamsException(new ValidationException("source", "empty")))).isFalse();
        assertThat(Faults.isNotTheRecords(new OutputRefusedException("t", 10, 0, new OutputLimits.Limit(1024, 0, 0))))
                .isFalse();
    }

    @Test
    void badRecordsAreTheRecordsFault() {
        assertThat(Faults.isInfrastructure(new StreamsException(new ValidationException("source", "empty"))))
                .isFalse();
        assertThat(Faults.isInfrastructure(new StepFailedException("m1", "route", "s1", new ArithmeticException())))
                .isFalse();
        assertThat(Faults.isInfrastructure(new OversizedRecordException("emission x", 2_000_000, 1_048_576)))
                .isFalse();
    }
}
