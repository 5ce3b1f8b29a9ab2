package io.metaspn.streams.kafka;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.SignalStep;
import io.metaspn.streams.engine.State;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.registry.AvroWireFormatException;
import io.metaspn.streams.stages.Stage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * One stage as a Kafka Streams processor: a thin adapter between records keyed by entity and the
 * stage's processing step, the same {@link SignalStep} its in-process {@link Stage#engine() engine} runs
 * (so a signal is validated, processed and its state versioned exactly as in-process, and the engine's
 * hooks fire here too). For each signal: skip it if its id was already processed (within the retention),
 * then run the step: validate the signal ({@link Stage#validate}), load the entity's state with its stamp
 * (or start from the initial state), run the pipeline; the step's outcome is then encoded, emissions and,
 * when the entity is new or changed, the new state stamped with the step's {@link State} (its version, the
 * count of signals that changed it, and the event times of the entity's first signal and of the last
 * change), every record checked against what the application may write, and only then the new state stored,
 * the encoded emissions forwarded in order (keyed by entity, with {@code signal_id}, {@code stage} and
 * {@code schema_version} headers) and the signal id remembered. Ids live in a window store at the time
 * their signal was written: whole segments expire as stream time passes the retention, with no scan and
 * no tombstones, and a duplicate arriving later than the retention after the original is processed again.
 *
 * <p>Hooks under exactly-once: a signal whose transaction aborts (the task failed or moved before its commit)
 * is processed again, and the step's hooks fire again for it. A hook with side effects can therefore see a
 * signal more than once; only the committed output (state, emissions, dead letters) is exactly-once. A
 * duplicate skipped here fires no hook.

 * <p>It reports each signal processed (with its emissions and processing time) and each duplicate skipped to
 * the application's {@link ProcessingListener}.
 *
 * <p>Every record written carries the timestamp of the signal's record (when it was written to Kafka),
 * never the signal's event time, which stays in the envelope: the broker neither refuses an emission
 * of a far-future signal nor deletes the emissions of a backfill at its next retention check.
 *
 * <p>A signal that breaks the stage's rules (its validator or its payload's checks: a
 * {@link io.metaspn.streams.engine.ValidationException}, dead-lettered as {@code invalid}), whose step throws, or whose output the broker would refuse
 * (larger than {@link OutputLimits} allow, or stamped outside the emissions topic's accepted time range),
 * raises an exception for the dead-letter handler before anything is written or changed. A failure to
 * encode (registry unreachable, schema not registered) is the infrastructure's and fails the task.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
final class StageProcessor<T, S> implements Processor<String, GenericRecord, String, byte[]> {
    /** What a record costs the broker beyond its key, value and headers (batch and record framing). */
    static final int RECORD_OVERHEAD_BYTES = 128;

    private final Stage<T, S> stage;
    private final StageAvroCodec<T, S> codec;
    private final StageTopics topics;
    private final Serializer<GenericRecord> emissionSerializer;
    private final Serializer<GenericRecord> stateSerializer;
    private final int maxRecordBytes;
    private final OutputLimits limits;
    private final ProcessingListener listener;
    private final String stageName;
    private final SignalStep<T, S> step;
    private final byte[] stageHeader;
    private final byte[] schemaVersionHeader;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, GenericRecord> states;
    private WindowStore<String, Long> processed;
    private String stateChangelog;
    private long duplicates;

    StageProcessor(Stage<T, S> stage, StageAvroCodec<T, S> codec, StageTopics topics, StreamsSettings settings,
                   OutputLimits limits, Serializer<GenericRecord> emissionSerializer,
                   Serializer<GenericRecord> stateSerializer, ProcessingListener listener) {
        this.stage = stage;
        this.codec = codec;
        this.topics = topics;
        this.maxRecordBytes = settings.maxRecordBytes();
        this.limits = limits;
        this.emissionSerializer = emissionSerializer;
        this.stateSerializer = stateSerializer;
        this.listener = listener;
        this.stageName = topics.stage();
        this.step = stage.engine().step();
        this.stageHeader = stage.key().getBytes(StandardCharsets.UTF_8);
        this.schemaVersionHeader = Integer.toString(StageAvroCodec.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> processorContext) {
        this.context = processorContext;
        this.states = processorContext.getStateStore(topics.stateStore());
        this.processed = processorContext.getStateStore(topics.processedStore());
        this.stateChangelog = processorContext.applicationId() + "-" + topics.stateStore() + "-changelog";
    }

    @Override
    public void process(Record<String, GenericRecord> record) {
        long start = System.nanoTime();
        Signal<T> signal = codec.toSignal(record.value());
        if (alreadyProcessed(signal.signalId())) {
            duplicates++;
            listener.duplicateSkipped(stageName);
            return;
        }
        byte[] signalId = signal.signalId().getBytes(StandardCharsets.UTF_8);
        checkSize("the processed-signal id of ", signal.signalId(), signalId.length + Long.BYTES, maxRecordBytes);
        SignalStep.Outcome<T, S> outcome = step.process(signal, new StoredStates(record, signal, signalId));
        listener.processed(stageName, outcome.emissions().size(), System.nanoTime() - start);
    }

    /**
     * The state store as the step's states, for one record: a stored state is read with its stamp, and a
     * committed outcome is encoded and checked in full before anything is written.
     */
    private final class StoredStates implements SignalStep.States<T, S> {
        private final Record<String, GenericRecord> record;
        private final Signal<T> signal;
        private final byte[] signalId;

        StoredStates(Record<String, GenericRecord> record, Signal<T> signal, byte[] signalId) {
            this.record = record;
            this.signal = signal;
            this.signalId = signalId;
        }

        /**
         * The stored state with its stamp as the engine's version and times; a state written before the stamp
         * existed (version 0, no times) counts as first seen by this signal ({@link SignalStep#restore}).
         */
        @Override
        public State<S> load(String entity) {
            GenericRecord stored = states.get(entity);
            if (stored == null) {
                return null;
            }
            StageAvroCodec.StateStamp stamp = StageAvroCodec.stampOf(stored);
            return SignalStep.restore(codec.toState(stored), stamp.version(), stamp.createdAt(), stamp.updatedAt(),
                    signal);
        }

        /**
         * Encodes the emissions and, when the entity is new or changed, the state stamped from the step's
         * {@link State}; checks every size and the emissions' timestamp; then stores the state, forwards the
         * emissions in order and remembers the signal id. A check that fails throws before anything is written.
         */
        @Override
        public void commit(SignalStep.Outcome<T, S> outcome) {
            String entity = outcome.key();
            byte[] entityBytes = entity.getBytes(StandardCharsets.UTF_8);
            OutputLimits.Limit emissionLimit = limits.of(topics.emissions());
            long now = context.currentSystemTimeMs();
            if (!outcome.emissions().isEmpty() && !emissionLimit.acceptsTimestamp(record.timestamp(), now)) {
                throw new OutputRefusedException(topics.emissions(), record.timestamp(), now, emissionLimit);
            }
            List<KeyValue<byte[], Headers>> emissions = new ArrayList<>(outcome.emissions().size());
            for (Emission<?> emission : outcome.emissions()) {
                Headers headers = headers(signalId);
                byte[] value = encodeEmission(emission, headers);
                checkSize("emission ", emission.emissionId(), entityBytes.length + value.length + size(headers),
                        emissionLimit.maxRecordBytes());
                emissions.add(KeyValue.pair(value, headers));
            }
            GenericRecord newState = null;
            if (outcome.stateToStore()) {
                newState = output("the state of entity ", entity, () -> codec.fromStampedState(outcome.state()));
                GenericRecord stateRecord = newState;
                byte[] stateBytes = output("the state of entity ", entity,
                        () -> stateSerializer.serialize(stateChangelog, stateRecord));
                checkSize("the state of entity ", entity, entityBytes.length + stateBytes.length, maxRecordBytes);
            }

            if (newState != null) {
                states.put(entity, newState);
            }
            for (KeyValue<byte[], Headers> emission : emissions) {
                context.forward(new Record<>(entity, emission.key, record.timestamp(), emission.value));
            }
            processed.put(signal.signalId(), record.timestamp(), record.timestamp());
        }
    }

    private byte[] encodeEmission(Emission<?> emission, Headers headers) {
        GenericRecord value = output("emission ", emission.emissionId(), () -> codec.fromEmission(emission));
        return output("emission ", emission.emissionId(),
                () -> emissionSerializer.serialize(topics.emissions(), headers, value));
    }

    /**
     * Runs one step of turning the stage's output ({@code kind} + {@code id}, such as {@code emission s1:score},
     * named only on failure) into a record: a value the schema cannot hold (the conversion's error, or the encoder's
     * {@link AvroWireFormatException.Reason#INVALID_RECORD}) is the stage's fault, an {@link OutputEncodingException};
     * anything else (a registry that cannot be asked) passes unchanged.
     */
    static <V> V output(String kind, String id, Supplier<V> step) {
        try {
            return step.get();
        } catch (AvroWireFormatException e) {
            if (e.reason() == AvroWireFormatException.Reason.INVALID_RECORD) {
                throw new OutputEncodingException(kind + id, e);
            }
            throw e;
        } catch (ValidationException | IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw new OutputEncodingException(kind + id, e);
        }
    }

    /** Signals skipped as already processed, since this task started. */
    long duplicates() {
        return duplicates;
    }

    /** Refuses a record of {@code bytes} (and its framing) over {@code limit}; {@code kind} + {@code id} names it. */
    private static void checkSize(String kind, String id, long bytes, int limit) {
        long size = bytes + RECORD_OVERHEAD_BYTES;
        if (size > limit) {
            throw new OversizedRecordException(kind + id, size, limit);
        }
    }

    private static long size(Headers headers) {
        long size = 0;
        for (Header header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** An emission's headers; the header values are shared between records (nothing writes to them). */
    private Headers headers(byte[] signalId) {
        Headers headers = new RecordHeaders();
        headers.add(MetaspnTopology.HEADER_SIGNAL_ID, signalId);
        headers.add(MetaspnTopology.HEADER_STAGE, stageHeader);
        headers.add(MetaspnTopology.HEADER_SCHEMA_VERSION, schemaVersionHeader);
        return headers;
    }

    /** Whether the id is in the store: processed within the retention (older segments are gone). */
    private boolean alreadyProcessed(String signalId) {
        try (WindowStoreIterator<Long> windows = processed.fetch(signalId, 0L, Long.MAX_VALUE)) {
            return windows.hasNext();
        }
    }
}
