package io.metaspn.streams.streams;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.PipelineResult;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.stages.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One stage as a Kafka Streams processor: a thin adapter between records keyed by entity and the
 * stage's pure pipeline. For each signal: skip it if its id was already processed (within the
 * retention), load the entity's state (or the initial state), run the pipeline, store the new state,
 * forward the emissions in order (keyed by entity, with {@code signal_id}, {@code stage} and
 * {@code schema_version} headers), and remember the signal id with the record's timestamp (the stream
 * time its expiry is measured in, whatever event time the signal carries). A signal that breaks the stage's
 * rules, or whose step throws, raises an exception for the dead-letter handler, with no state changed.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
final class StageProcessor<T, S> implements Processor<String, SpecificRecord, String, SpecificRecord> {
    static final String HEADER_SIGNAL_ID = "signal_id";
    static final String HEADER_STAGE = "stage";
    static final String HEADER_SCHEMA_VERSION = "schema_version";

    private final Stage<T, S> stage;
    private final StageAvroCodec<T, S> codec;
    private final StageTopics topics;
    private final Duration dedupRetention;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, SpecificRecord> states;
    private KeyValueStore<String, Long> seen;
    private long duplicates;

    StageProcessor(Stage<T, S> stage, StageAvroCodec<T, S> codec, StageTopics topics, Duration dedupRetention) {
        this.stage = stage;
        this.codec = codec;
        this.topics = topics;
        this.dedupRetention = dedupRetention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> processorContext) {
        this.context = processorContext;
        this.states = processorContext.getStateStore(topics.stateStore());
        this.seen = processorContext.getStateStore(topics.seenStore());
        Duration interval = dedupRetention.compareTo(Duration.ofHours(1)) < 0 ? dedupRetention : Duration.ofHours(1);
        processorContext.schedule(interval, PunctuationType.STREAM_TIME, this::expireSeenSignals);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Signal<T> signal = codec.toSignal(record.value());
        if (seen.get(signal.signalId()) != null) {
            duplicates++;
            return;
        }
        String entity = stage.entityKey(signal.payload());
        SpecificRecord stored = states.get(entity);
        S before = stored == null ? stage.initialState() : codec.toState(stored);
        PipelineResult<S> result = stage.pipeline().run(signal, before);
        List<KeyValue<Emission<?>, SpecificRecord>> out = new ArrayList<>(result.emissions().size());
        for (Emission<?> emission : result.emissions()) {
            out.add(KeyValue.pair(emission, codec.fromEmission(emission)));
        }
        if (stored == null || !result.state().equals(before)) {
            states.put(entity, codec.fromState(result.state()));
        }
        for (KeyValue<Emission<?>, SpecificRecord> emission : out) {
            context.forward(new Record<>(entity, emission.value, emission.key.timestamp().toEpochMilli(),
                    headers(signal)));
        }
        seen.put(signal.signalId(), record.timestamp());
    }

    /** Signals skipped as already processed, since this task started. */
    long duplicates() {
        return duplicates;
    }

    private Headers headers(Signal<T> signal) {
        Headers headers = new RecordHeaders();
        headers.add(HEADER_SIGNAL_ID, signal.signalId().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_STAGE, stage.key().getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_SCHEMA_VERSION,
                Integer.toString(StageAvroCodec.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private void expireSeenSignals(long streamTime) {
        long oldestKept = streamTime - dedupRetention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < oldestKept) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(seen::delete);
    }
}
