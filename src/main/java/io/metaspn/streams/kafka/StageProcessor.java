package io.metaspn.streams.kafka;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.PipelineResult;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.stages.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * stage's pure pipeline. For each signal: skip it if its id was already processed (within the
 * retention), load the entity's state (or the initial state), run the pipeline, encode the emissions
 * and the new state (stamped with its version, the count of signals that changed it, and the event times of the
 * entity's first signal and of the last change) and check that none is larger than the application may write, then store the new
 * state, forward the encoded emissions in order (keyed by entity, with {@code signal_id}, {@code stage}
 * and {@code schema_version} headers) and remember the signal id. Ids live in a window store at the time
 * their signal was written: whole segments expire as stream time passes the retention, with no scan and
 * no tombstones, and a duplicate arriving later than the retention after the original is processed again.
 *
 * <p>It reports each signal processed (with its emissions and processing time) and each duplicate skipped to
 * the application's {@link ProcessingListener}.
 *
 * <p>Every record written carries the timestamp of the signal's record (when it was written to Kafka),
 * never the signal's event time, which stays in the envelope: the broker neither refuses an emission
 * of a far-future signal nor deletes the emissions of a backfill at its next retention check.
 *
 * <p>A signal that breaks the stage's rules, whose step throws, or whose output the broker would refuse
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
        if (stage instanceof GameBinding<T, S> game) {
            // the game's own rules (the step helper's shared step replaces this, with the engine's hooks)
            game.validate(signal);
        }
        String entity = stage.entityKey(signal.payload());
        byte[] entityBytes = entity.getBytes(StandardCharsets.UTF_8);
        checkSize("the processed-signal id of " + signal.signalId(),
                signal.signalId().getBytes(StandardCharsets.UTF_8).length + Long.BYTES, maxRecordBytes);
        GenericRecord stored = states.get(entity);
        S before = stored == null ? stage.initialState() : codec.toState(stored);
        PipelineResult<S> result = stage.pipeline().run(signal, before);

        OutputLimits.Limit emissionLimit = limits.of(topics.emissions());
        long now = context.currentSystemTimeMs();
        if (!result.emissions().isEmpty() && !emissionLimit.acceptsTimestamp(record.timestamp(), now)) {
            throw new OutputRefusedException(topics.emissions(), record.timestamp(), now, emissionLimit);
        }
        List<KeyValue<byte[], Headers>> emissions = new ArrayList<>(result.emissions().size());
        for (Emission<?> emission : result.emissions()) {
            Headers headers = headers(signal);
            byte[] value = emissionSerializer.serialize(topics.emissions(), headers, codec.fromEmission(emission));
            checkSize("emission " + emission.emissionId(), entityBytes.length + value.length + size(headers),
                    emissionLimit.maxRecordBytes());
            emissions.add(KeyValue.pair(value, headers));
        }
        GenericRecord newState = null;
        boolean changed = !result.state().equals(before);
        if (stored == null || changed) {
            newState = codec.fromState(result.state());
            StageAvroCodec.stamp(newState, nextStamp(stored, signal.timestamp(), changed));
            checkSize("the state of entity " + entity,
                    entityBytes.length + stateSerializer.serialize(stateChangelog, newState).length, maxRecordBytes);
        }

        if (newState != null) {
            states.put(entity, newState);
        }
        for (KeyValue<byte[], Headers> emission : emissions) {
            context.forward(new Record<>(entity, emission.key, record.timestamp(), emission.value));
        }
        processed.put(signal.signalId(), record.timestamp(), record.timestamp());
        listener.processed(stageName, emissions.size(), System.nanoTime() - start);
    }

    /**
     * The stamp of a state written for a signal at event time {@code at}: the version counts the signals that
     * changed the state; created at the entity's first signal (or, for a state written before the stamp existed,
     * the first signal since), updated at the last change.
     */
    static StageAvroCodec.StateStamp nextStamp(GenericRecord stored, Instant at, boolean changed) {
        StageAvroCodec.StateStamp before = stored == null ? new StageAvroCodec.StateStamp(0, null, null)
                : StageAvroCodec.stampOf(stored);
        Instant created = before.createdAt() == null ? at : before.createdAt();
        if (changed) {
            return new StageAvroCodec.StateStamp(before.version() + 1, created, at);
        }
        return new StageAvroCodec.StateStamp(before.version(), created,
                before.updatedAt() == null ? created : before.updatedAt());
    }

    /** Signals skipped as already processed, since this task started. */
    long duplicates() {
        return duplicates;
    }

    private static void checkSize(String what, long bytes, int limit) {
        long size = bytes + RECORD_OVERHEAD_BYTES;
        if (size > limit) {
            throw new OversizedRecordException(what, size, limit);
        }
    }

    private static long size(Headers headers) {
        long size = 0;
        for (Header header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private Headers headers(Signal<T> signal) {
        Headers headers = new RecordHeaders();
        headers.add(MetaspnTopology.HEADER_SIGNAL_ID, signal.signalId().getBytes(StandardCharsets.UTF_8));
        headers.add(MetaspnTopology.HEADER_STAGE, stage.key().getBytes(StandardCharsets.UTF_8));
        headers.add(MetaspnTopology.HEADER_SCHEMA_VERSION,
                Integer.toString(StageAvroCodec.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Whether the id is in the store: processed within the retention (older segments are gone). */
    private boolean alreadyProcessed(String signalId) {
        try (WindowStoreIterator<Long> windows = processed.fetch(signalId, 0L, Long.MAX_VALUE)) {
            return windows.hasNext();
        }
    }
}
