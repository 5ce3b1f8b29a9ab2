package io.metaspn.streams.kafka;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Signal;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Validates each incoming signal and keys it by its entity, so that each entity's state lives in
 * one partition whatever key the producer used. An invalid signal raises a
 * {@link io.metaspn.streams.engine.ValidationException} for the dead-letter handler.
 */
final class EntityKeyer<K, T> extends ContextualProcessor<K, GenericRecord, String, GenericRecord> {
    private final StageAvroCodec<T, ?> codec;

    EntityKeyer(StageAvroCodec<T, ?> codec) {
        this.codec = codec;
    }

    @Override
    public void process(Record<K, GenericRecord> record) {
        if (record.value() == null) {
            throw new io.metaspn.streams.engine.ValidationException(null, "a signal record must have a value");
        }
        Signal<T> signal = codec.toSignal(record.value());
        context().forward(record.withKey(codec.stage().entityKey(signal.payload())));
    }
}
