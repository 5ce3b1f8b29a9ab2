package io.metaspn.streams.kafka;

import io.metaspn.streams.game.reference.ReferenceBindings;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One stage's topology on TopologyTestDriver with an in-memory registry and RocksDB stores in a
 * given state directory: signals in as Avro (or raw bytes), emissions and dead letters out.
 */
final class TopologyHarness<T, S> {
    final Stage<T, S> stage;
    final StreamsSettings settings;
    final StageTopics topics;
    final StageAvroCodec<T, S> codec;
    private final SchemaRegistryClient registry;
    private final AvroRecordSerde signalSerde;
    private final AvroRecordSerde emissionSerde;
    private final SignalJson<T> json;

    TopologyHarness(Stage<T, S> stage, StreamsSettings settings, SchemaRegistryClient registry) {
        GameBinding<T, S> game = ReferenceBindings.of(stage);
        this.stage = game;
        this.settings = settings.withStages(List.of(game));
        this.topics = this.settings.topics(stage);
        this.codec = game.avro();
        this.registry = registry;
        this.signalSerde = new AvroRecordSerde(registry, codec.signalSchema(), true, false);
        this.emissionSerde = new AvroRecordSerde(registry, codec.emissionSchema(), false, false);
        this.json = new SignalJson<>(game::decodePayload);
        registry.register(topics.emissions() + "-value", codec.emissionSchema());
    }

    /** A driver on {@code stateDir}; the application's own properties, at-least-once (see the note inside). */
    TopologyTestDriver driver(Path stateDir) {
        return driver(stateDir, new OutputLimits(settings.maxRecordBytes()), java.time.Instant.now());
    }

    /** As {@link #driver(Path)}, with output checked against {@code limits} and the wall clock at {@code wallClock}. */
    TopologyTestDriver driver(Path stateDir, OutputLimits limits, java.time.Instant wallClock) {
        return new TopologyTestDriver(MetaspnTopology.build(settings, registry, limits),
                properties("metaspn-topology-test", stateDir), wallClock);
    }

    /** The application's Kafka Streams properties for a TopologyTestDriver of {@code applicationId}. */
    static Properties properties(String applicationId, Path stateDir) {
        return StreamsAppConfig.streamsProperties(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                MetaspnConfig.ROCKSDB_MEMORY_BYTES, Long.toString(16L << 20),
                // exactly-once is the application's default; TopologyTestDriver runs each record to completion
                // anyway, and under its EOS mode it does not capture dead letters of unreadable records
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
    }

    Signal<T> signal(String jsonLine) {
        return json.parse(jsonLine);
    }

    /** The Avro bytes of a signal, with one envelope or payload field overwritten when {@code path} is given. */
    byte[] encode(Signal<T> signal, String path, Object value) {
        GenericRecord record = (GenericRecord) codec.fromSignal(signal);
        if (path != null) {
            GenericRecord target = record;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                target = (GenericRecord) target.get(parts[i]);
            }
            target.put(parts[parts.length - 1], value);
        }
        return signalSerde.serializer().serialize(topics.signals(), record);
    }

    void pipe(TopologyTestDriver driver, byte[] key, byte[] value, Signal<?> timeOf) {
        driver.createInputTopic(topics.signals(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(key, value, timeOf == null ? null : timeOf.timestamp()));
    }

    /** Pipes the bytes as a record written to Kafka at {@code written}. */
    void pipeAt(TopologyTestDriver driver, byte[] value, java.time.Instant written) {
        driver.createInputTopic(topics.signals(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(null, value, written));
    }

    void pipe(TopologyTestDriver driver, Signal<T> signal) {
        pipe(driver, null, encode(signal, null, null), signal);
    }

    List<TestRecord<String, byte[]>> emissionRecords(TopologyTestDriver driver) {
        return driver.createOutputTopic(topics.emissions(), new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    List<TestRecord<byte[], byte[]>> deadLetters(TopologyTestDriver driver) {
        return driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    Emission<Object> emission(TestRecord<String, byte[]> record) {
        return codec.toEmission(emissionSerde.deserializer().deserialize(topics.emissions(), record.value()));
    }

    List<String> emissionLines(List<TestRecord<String, byte[]>> records) {
        return records.stream().map(r -> EmissionJsonWriter.toJson(emission(r))).toList();
    }

    S state(TopologyTestDriver driver, String entity) {
        GenericRecord stored = driver.<String, GenericRecord>getKeyValueStore(topics.stateStore()).get(entity);
        return stored == null ? null : codec.toState(stored);
    }

    static String header(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
