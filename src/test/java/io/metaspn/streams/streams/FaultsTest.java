package io.metaspn.streams.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.registry.AvroWireFormat;
import io.metaspn.streams.registry.AvroWireFormatException;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    @ParameterizedTest(name = "registry status {0}")
    @ValueSource(ints = {SchemaRegistryException.NO_RESPONSE, 500, 502, 503, 429, 401, 403, 408, 409})
    void registryFailuresThatSayNothingAboutTheRecordAreInfrastructure(int status) {
        assertThat(Faults.isInfrastructure(wrapped(registry(status, status)))).isTrue();
    }

    @Test
    void aMalformedRegistryAnswerIsInfrastructureButANonAvroSchemaIsTheRecords() {
        assertThat(Faults.isInfrastructure(wrapped(registry(200, SchemaRegistryException.NO_RESPONSE)))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(registry(200, SchemaRegistryException.INVALID_SCHEMA)))).isFalse();
    }

    @Test
    void anUnknownSchemaIdInTheRecordIsTheRecordsFault() {
        assertThat(Faults.isInfrastructure(wrapped(registry(404, SchemaRegistryException.SCHEMA_NOT_FOUND))))
                .isFalse();
    }

    @Test
    void brokerNetworkAndConfigurationFaultsAreInfrastructure() {
        assertThat(Faults.isInfrastructure(wrapped(new TimeoutException("metadata")))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(new SaslAuthenticationException("bad password")))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(new TopicAuthorizationException("no ACL")))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(new UncheckedIOException(new IOException("reset"))))).isTrue();
        assertThat(Faults.isInfrastructure(wrapped(new SchemaNotRegisteredException("s-value", "S")))).isTrue();
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
        assertThat(Faults.isNotTheRecords(new OutputRefusedException("RecordTooLargeException: big"))).isFalse();
    }

    @Test
    void badRecordsAreTheRecordsFault() {
        AvroWireFormatException unreadable = catchThrowableOfType(AvroWireFormatException.class,
                () -> AvroWireFormat.decode(new byte[] {7, 7, 7}, SchemaRegistries.inMemory("faults-test"),
                        Schema.create(Schema.Type.STRING)));
        assertThat(Faults.isInfrastructure(wrapped(unreadable))).isFalse();
        assertThat(Faults.isInfrastructure(new StreamsException(new ValidationException("source", "empty"))))
                .isFalse();
        assertThat(Faults.isInfrastructure(new StepFailedException("m1", "route", "s1", new ArithmeticException())))
                .isFalse();
        assertThat(Faults.isInfrastructure(new OversizedRecordException("emission x", 2_000_000, 1_048_576)))
                .isFalse();
    }
}
