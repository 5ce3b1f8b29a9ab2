package io.metaspn.streams.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.avro.StageCodecs;
import io.metaspn.streams.conformance.Conformance;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.json.StagePayloads;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The stream application on TopologyTestDriver: in-memory registry, real RocksDB stores. */
class MetaspnTopologyTest {
    private final String scope = "topology-test-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = SchemaRegistries.inMemory(scope);

    @TempDir
    Path stateDir;

    @AfterEach
    void dropRegistry() {
        SchemaRegistries.dropScope(scope);
    }

    static Stream<Conformance.Fixture> fixtures() {
        return Conformance.fixtures();
    }

    @ParameterizedTest(name = "{0} through the topology, keyed at random")
    @MethodSource("fixtures")
    void everyConformanceFolderThroughTheTopology(Conformance.Fixture fixture) {
        Run<?, ?> run = run(fixture.stage(), fixture.signalLines(), new Random(7));

        assertThat(Conformance.differences(fixture.expectedLines(), run.emissionLines())).isEmpty();
        assertThat(run.keysMatchEntities()).isTrue();
        assertThat(run.deadLetters()).isEmpty();
    }

    @Test
    void randomBytesAndInvalidSignalsGoToTheDeadLetterTopicAndTheRestIsProcessed() {
        Conformance.Fixture m1 = Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst().orElseThrow();
        Stage<?, ?> stage = m1.stage();
        List<String> lines = m1.signalLines().subList(0, 3);
        try (TopologyTestDriver driver = driver(stage)) {
            StreamsSettings settings = settings(stage);
            StageTopics topics = settings.topics(stage);
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topics.signals(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            AvroRecordSerde signalSerde = new AvroRecordSerde(registry, StageCodecs.forStage(stage).signalSchema(),
                    true, false);
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), encode(stage, signalSerde, topics, lines.get(0), null, null));
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 99, 1, 2, 3});
            in.pipeInput(null, new byte[] {7, 7, 7});
            in.pipeInput(null, encode(stage, signalSerde, topics, lines.get(1), "source", ""));
            in.pipeInput(null, encode(stage, signalSerde, topics, lines.get(2), null, null));

            TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(topics.deadLetters(),
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
            List<TestRecord<byte[], byte[]>> deadLetters = dlq.readRecordsToList();
            assertThat(deadLetters).hasSize(3);
            assertThat(deadLetters.get(1).value()).containsExactly(7, 7, 7);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.SOURCE_TOPIC)).isEqualTo(topics.signals());
            assertThat(header(deadLetters.get(0), DeadLetterHandler.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(header(deadLetters.get(0), DeadLetterHandler.STAGE)).isEqualTo("m1");
            assertThat(header(deadLetters.get(2), DeadLetterHandler.ERROR_FIELD)).isEqualTo("source");
            assertThat(header(deadLetters.get(2), DeadLetterHandler.ERROR_CLASS))
                    .isEqualTo("io.metaspn.streams.engine.ValidationException");
            assertThat(driver.createOutputTopic(topics.emissions(), new StringDeserializer(),
                    Serdes.ByteArray().deserializer()).readRecordsToList()).hasSize(6);
        }
    }

    @Test
    void aDuplicateSignalChangesNoStateAndEmitsNothing() {
        Conformance.Fixture m0 = Conformance.fixtures().filter(f -> f.folder().equals("m0")).findFirst().orElseThrow();
        List<String> lines = new ArrayList<>(m0.signalLines().subList(0, 5));
        lines.add(lines.get(0));
        lines.add(lines.get(3));
        Run<?, ?> run = run(m0.stage(), lines, new Random(1));

        assertThat(run.emissionLines()).hasSize(15);
        assertThat(Conformance.differences(m0.expectedLines().subList(0, 15), run.emissionLines())).isEmpty();
    }

    record Run<T, S>(List<String> emissionLines, boolean keysMatchEntities, List<TestRecord<byte[], byte[]>> deadLetters) {
    }

    private <T, S> Run<T, S> run(Stage<T, S> stage, List<String> lines, Random random) {
        StageAvroCodec<T, S> codec = StageCodecs.forStage(stage);
        StreamsSettings settings = settings(stage);
        StageTopics topics = settings.topics(stage);
        AvroRecordSerde signalSerde = new AvroRecordSerde(registry, codec.signalSchema(), true, false);
        AvroRecordSerde emissionSerde = new AvroRecordSerde(registry, codec.emissionSchema(), true, false);
        SignalJson<T> json = new SignalJson<>(StagePayloads.decoderFor(stage));
        try (TopologyTestDriver driver = driver(stage)) {
            TestInputTopic<byte[], SpecificRecord> in = driver.createInputTopic(topics.signals(),
                    new ByteArraySerializer(), signalSerde.serializer());
            List<String> entities = new ArrayList<>();
            for (String line : lines) {
                Signal<T> signal = json.parse(line);
                byte[] key = random.nextInt(4) == 0 ? null : Integer.toString(random.nextInt(1000)).getBytes();
                in.pipeInput(new TestRecord<>(key, codec.fromSignal(signal), signal.timestamp()));
                entities.add(stage.entityKey(signal.payload()));
            }
            TestOutputTopic<String, SpecificRecord> out = driver.createOutputTopic(topics.emissions(),
                    new StringDeserializer(), emissionSerde.deserializer());
            List<String> emitted = new ArrayList<>();
            boolean keysMatch = true;
            for (TestRecord<String, SpecificRecord> record : out.readRecordsToList()) {
                io.metaspn.streams.engine.Emission<Object> emission = codec.toEmission(record.value());
                emitted.add(EmissionJsonWriter.toJson(emission));
                String signalId = emission.causedBy();
                keysMatch &= record.key() != null && entities.contains(record.key())
                        && new String(record.headers().lastHeader(StageProcessor.HEADER_SIGNAL_ID).value(),
                        StandardCharsets.UTF_8).equals(signalId);
            }
            List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(topics.deadLetters(),
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
            return new Run<>(emitted, keysMatch, dead);
        }
    }

    private StreamsSettings settings(Stage<?, ?> stage) {
        return StreamsSettings.defaults(io.metaspn.streams.stages.M4Rewards.Config.DEFAULT)
                .withStages(List.of(stage));
    }

    private TopologyTestDriver driver(Stage<?, ?> stage) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metaspn-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put("ensure.explicit.internal.resource.naming", "true");
        StageAvroCodec<?, ?> codec = StageCodecs.forStage(stage);
        registry.register(settings(stage).topics(stage).emissions() + "-value", codec.emissionSchema());
        return new TopologyTestDriver(MetaspnTopology.build(settings(stage), registry), props);
    }

    /** A signal line as Avro bytes, with one envelope field overwritten when {@code field} is given. */
    private <T> byte[] encode(Stage<T, ?> stage, AvroRecordSerde serde, StageTopics topics, String line, String field,
                              Object value) {
        Signal<T> signal = new SignalJson<>(StagePayloads.decoderFor(stage)).parse(line);
        org.apache.avro.specific.SpecificRecordBase record =
                (org.apache.avro.specific.SpecificRecordBase) StageCodecs.forStage(stage).fromSignal(signal);
        if (field != null) {
            record.put(field, value);
        }
        return serde.serializer().serialize(topics.signals(), record);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
