package io.metaspn.streams.kafka;

import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.game.GameBinding;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads each incoming signal (its envelope and payload) and keys it by its entity, so that each entity's
 * state lives in one partition whatever key the producer used. An unreadable signal raises a
 * {@link io.metaspn.streams.engine.ValidationException} for the dead-letter handler before it reaches the
 * repartition topic; the game's own rules ({@link GameBinding#validate}) run in the stage processor's step,
 * with the engine's hooks, as in process.
 */
final class EntityKeyer<K, T> extends ContextualProcessor<K, GenericRecord, String, GenericRecord> {
    private final GameBinding<T, ?> game;

    EntityKeyer(GameBinding<T, ?> game) {
        this.game = game;
    }

    @Override
    public void process(Record<K, GenericRecord> record) {
        if (record.value() == null) {
            throw new ValidationException(null, "a signal record must have a value");
        }
        Signal<T> signal = game.avro().toSignal(record.value());
        String entity = game.entityKey(signal.payload());
        if (entity == null) {
            // a null key would be dropped silently by the repartition; the game's own rules name the field first
            game.validate(signal);
            throw new ValidationException("payload", "gives no entity key");
        }
        context().forward(record.withKey(entity));
    }
}
