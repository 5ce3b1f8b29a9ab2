package io.metaspn.streams.testkit;

import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.kafka.AvroRecordSerde;
import io.metaspn.streams.kafka.DeadLetterHandler;
import io.metaspn.streams.kafka.MetaspnTopology;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsAppConfig;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.M4Rewards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One game on the stream application's topology, driven by Kafka's {@link TopologyTestDriver}: signals in (engine
 * signals or JSON lines, written to the signals topic in Avro with the game's schemas), emissions, states and dead
 * letters out. The schema registry is in memory and the state stores live in a temporary directory, both gone on
 * {@link #close()}.
 *
 * <pre>{@code
 * try (GameTestDriver<Listen, ListenerStats> kafka = GameTestDriver.of(PodcastGames.podcast())) {
 *     kafka.pipeJson("{\"signal_id\": \"l1\", \"timestamp\": \"2026-01-01T08:00:00Z\", \"source\": \"app\","
 *             + " \"payload\": {\"listener_id\": \"ana\", \"episode_id\": \"ep-1\", \"seconds\": 3700}}");
 *     assertThat(kafka.emissions()).extracting(Emission::payload)
 *             .containsExactly(new MilestoneReached("ana", 1, 3700, "ep-1"));
 *     assertThat(kafka.state("ana").totalSeconds()).isEqualTo(3700);
 * }
 * }</pre>
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
public final class GameTestDriver<T, S> implements AutoCloseable {
    private final GameBinding<T, S> game;
    private final StageAvroCodec<T, S> codec;
    private final StageTopics topics;
    private final String scope = "game-test-driver-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = SchemaRegistries.inMemory(scope);
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> signals;
    private final TestOutputTopic<String, byte[]> emissions;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final AvroRecordSerde signalSerde;
    private final AvroRecordSerde emissionSerde;
    private final SignalJson<T> json;

    private GameTestDriver(GameBinding<T, S> game, StreamsSettings settings) {
        this.game = game;
        this.codec = game.avro();
        StreamsSettings own = settings.withStages(List.of(game)).withAutoRegisterSchemas(true);
        this.topics = own.topics(game);
        this.signalSerde = new AvroRecordSerde(registry, codec.signalSchema(), true, false);
        this.emissionSerde = new AvroRecordSerde(registry, codec.emissionSchema(), true, false);
        this.json = new SignalJson<>(game::decodePayload);
        try {
            this.stateDir = Files.createTempDirectory("metaspn-game-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = StreamsAppConfig.streamsProperties(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "metaspn-game-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                // the driver runs each record to completion; under exactly-once it would not capture the dead
                // letters of unreadable records
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
        this.driver = new TopologyTestDriver(MetaspnTopology.build(own, registry), props);
        this.signals = driver.createInputTopic(topics.signals(), new ByteArraySerializer(), new ByteArraySerializer());
        this.emissions = driver.createOutputTopic(topics.emissions(), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** A driver of {@code game} with the application's default settings (topics {@code metaspn.<name>.*.v1}). */
    public static <T, S> GameTestDriver<T, S> of(GameBinding<T, S> game) {
        return of(game, StreamsSettings.defaults(M4Rewards.Config.DEFAULT));
    }

    /** A driver of {@code game} with {@code settings} (its topic naming, re-keying, dedup retention, size limit). */
    public static <T, S> GameTestDriver<T, S> of(GameBinding<T, S> game, StreamsSettings settings) {
        return new GameTestDriver<>(game, settings);
    }

    /** Writes {@code signal} to the signals topic (Avro, the game's signal schema), stamped with its event time. */
    public GameTestDriver<T, S> pipe(Signal<T> signal) {
        byte[] value = signalSerde.serializer().serialize(topics.signals(), codec.fromSignal(signal));
        signals.pipeInput(new TestRecord<>(null, value, signal.timestamp()));
        return this;
    }

    /** Writes a signal of {@code payload} from the game's source at {@code timestamp}, with id {@code signalId}. */
    public GameTestDriver<T, S> pipe(T payload, Instant timestamp, String signalId) {
        return pipe(Signal.of(payload, timestamp, game.key(), signalId));
    }

    /**
     * Writes the signal of a JSON line as {@code produce} would ({@code {"signal_id", "timestamp", "source",
     * "payload", "metadata"}}).
     *
     * @throws io.metaspn.streams.json.InvalidSignalException when the line is not a signal of the game
     */
    public GameTestDriver<T, S> pipeJson(String line) {
        return pipe(json.parse(line));
    }

    /** Writes raw bytes to the signals topic (for what a broken producer might write). */
    public GameTestDriver<T, S> pipeBytes(byte[] value) {
        signals.pipeInput(new TestRecord<>(null, value, Instant.now()));
        return this;
    }

    /** The emissions written since the last call, in order (payloads as the game's records). */
    public List<Emission<Object>> emissions() {
        return emissionRecords().stream().map(this::emission).toList();
    }

    /** The emission records written since the last call (key: the entity; headers: signal id, stage, version). */
    public List<TestRecord<String, byte[]>> emissionRecords() {
        return emissions.readRecordsToList();
    }

    /** The emission of an emission record. */
    public Emission<Object> emission(TestRecord<String, byte[]> record) {
        return codec.toEmission(emissionSerde.deserializer().deserialize(topics.emissions(), record.value()));
    }

    /** The dead letters written since the last call, in order. */
    public List<DeadLetter> deadLetters() {
        return deadLetters.readRecordsToList().stream().map(record -> new DeadLetter(record.value(),
                header(record.headers(), DeadLetterHandler.ERROR_FIELD),
                header(record.headers(), DeadLetterHandler.ERROR_MESSAGE),
                header(record.headers(), DeadLetterHandler.ERROR_CLASS))).toList();
    }

    /** The stored state of {@code entity}, or null when no signal of it was processed. */
    public S state(String entity) {
        GenericRecord stored = driver.<String, GenericRecord>getKeyValueStore(topics.stateStore()).get(entity);
        return stored == null ? null : codec.toState(stored);
    }

    /** The topic names of the game. */
    public StageTopics topics() {
        return topics;
    }

    /** The underlying driver (to advance wall-clock time, read other topics or stores). */
    public TopologyTestDriver driver() {
        return driver;
    }

    /** Closes the driver and drops the registry and the state directory. */
    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            SchemaRegistries.dropScope(scope);
            deleteTree(stateDir);
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
