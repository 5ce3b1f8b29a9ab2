package io.metaspn.streams.kafka;

import static io.metaspn.streams.kafka.TopologyHarness.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.M0Ingest;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
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

    private static Conformance.Fixture fixture(String folder) {
        return Conformance.fixtures().filter(f -> f.folder().equals(folder)).findFirst().orElseThrow();
    }

    private <T, S> TopologyHarness<T, S> harness(Stage<T, S> stage) {
        return new TopologyHarness<>(stage, StreamsSettings.defaults(M4Rewards.Config.DEFAULT), registry);
    }

    /** Pipes every line (keys at random, a quarter null) and returns the emission records. */
    private static <T, S> List<TestRecord<String, byte[]>> pipeAll(TopologyHarness<T, S> harness,
                                                                    TopologyTestDriver driver, List<String> lines,
                                                                    Random random) {
        for (String line : lines) {
            Signal<T> signal = harness.signal(line);
            byte[] key = random.nextInt(4) == 0 ? null
                    : Integer.toString(random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
            harness.pipe(driver, key, harness.encode(signal, null, null), signal);
        }
        return harness.emissionRecords(driver);
    }

    @ParameterizedTest(name = "{0} through the topology, keyed at random")
    @MethodSource("fixtures")
    void everyConformanceFolderThroughTheTopology(Conformance.Fixture fixture) {
        checkConformance(harness(fixture.stage()), fixture);
    }

    private <T, S> void checkConformance(TopologyHarness<T, S> harness, Conformance.Fixture fixture) {
        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            List<TestRecord<String, byte[]>> records = pipeAll(harness, driver, fixture.signalLines(), new Random(7));

            assertThat(Conformance.differences(fixture.expectedLines(), harness.emissionLines(records))).isEmpty();
            for (TestRecord<String, byte[]> record : records) {
                Emission<Object> emission = harness.emission(record);
                String signalId = emission.causedBy();
                String entity = entityOf(harness, fixture, signalId);
                assertThat(record.key()).isEqualTo(entity);
                assertThat(header(record, "signal_id")).isEqualTo(signalId);
                assertThat(header(record, "stage")).isEqualTo(harness.stage.key());
                assertThat(header(record, "schema_version")).isEqualTo("1");
                assertThat(record.getRecordTime()).isEqualTo(emission.timestamp().truncatedTo(
                        java.time.temporal.ChronoUnit.MILLIS));
            }
            assertThat(harness.deadLetters(driver)).isEmpty();
        }
    }

    private static <T, S> String entityOf(TopologyHarness<T, S> harness, Conformance.Fixture fixture, String signalId) {
        return fixture.signalLines().stream().map(harness::signal).filter(s -> s.signalId().equals(signalId))
                .map(s -> harness.stage.entityKey(s.payload())).findFirst().orElseThrow();
    }

    @Test
    void randomBytesUnknownSchemaIdsAndInvalidSignalsAreDeadLetteredAndTheRestIsProcessed() {
        TopologyHarness<?, ?> harness = harness(fixture("m1").stage());
        List<String> lines = fixture("m1").signalLines().subList(0, 3);
        checkPoisonPills(harness, lines);
    }

    private <T, S> void checkPoisonPills(TopologyHarness<T, S> harness, List<String> lines) {
        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            Signal<T> first = harness.signal(lines.get(0));
            harness.pipe(driver, "k".getBytes(StandardCharsets.UTF_8), harness.encode(first, null, null), first);
            harness.pipe(driver, "k".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 99, 1, 2, 3}, null);
            harness.pipe(driver, null, new byte[] {7, 7, 7}, null);
            harness.pipe(driver, null, harness.encode(harness.signal(lines.get(1)), "source", ""), null);
            harness.pipe(driver, null, harness.encode(harness.signal(lines.get(2)), null, null), null);

            List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters(driver);
            assertThat(deadLetters).hasSize(3);
            assertThat(deadLetters.get(0).key()).containsExactly("k".getBytes(StandardCharsets.UTF_8));
            assertThat(deadLetters.get(0).value()).containsExactly(0, 0, 0, 0, 99, 1, 2, 3);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_MESSAGE)).contains("unknown schema id 99");
            assertThat(header(deadLetters.get(0), DeadLetterHandler.SOURCE_TOPIC)).isEqualTo(harness.topics.signals());
            assertThat(header(deadLetters.get(0), DeadLetterHandler.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(deadLetters.get(0), DeadLetterHandler.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(header(deadLetters.get(0), DeadLetterHandler.STAGE)).isEqualTo("m1");
            assertThat(deadLetters.get(1).value()).containsExactly(7, 7, 7);
            assertThat(header(deadLetters.get(1), DeadLetterHandler.SOURCE_OFFSET)).isEqualTo("2");
            assertThat(header(deadLetters.get(2), DeadLetterHandler.ERROR_FIELD)).isEqualTo("source");
            assertThat(header(deadLetters.get(2), DeadLetterHandler.ERROR_CLASS))
                    .isEqualTo("io.metaspn.streams.engine.ValidationException");
            assertThat(harness.emissionRecords(driver)).hasSize(6);
            assertThat(droppedRecords(driver)).isEqualTo(3.0);
        }
    }

    private static double droppedRecords(TopologyTestDriver driver) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-records-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** Each of the spec's bad-input classes that an Avro record can carry: one dead letter naming the field. */
    static Stream<Object[]> badInputs() {
        return Stream.of(
                new Object[] {"m0", "signal_id", "", "signal_id"},
                new Object[] {"m0", "payload.platform", "", "payload.platform"},
                new Object[] {"m0", "payload.actor_ref", "", "payload.actor_ref"},
                new Object[] {"m1", "payload.profile_id", "", "payload.profile_id"},
                new Object[] {"m1", "payload.quality_score", Double.NaN, "payload.quality_score"},
                new Object[] {"m1", "payload.intent_score", Double.POSITIVE_INFINITY, "payload.intent_score"},
                new Object[] {"m2", "payload.audience_id", "", "payload.audience_id"},
                new Object[] {"m2", "payload.candidates", List.of(), "payload.candidates"},
                new Object[] {"m3", "payload.learner_id", "", "payload.learner_id"},
                new Object[] {"m3", "payload.observed_score", Double.NEGATIVE_INFINITY, "payload.observed_score"},
                new Object[] {"m4", "payload.season_id", "", "payload.season_id"},
                new Object[] {"m4", "payload.total_reward_pool", -1.0, "payload.total_reward_pool"});
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @MethodSource("badInputs")
    void eachBadInputClassIsDeadLetteredNamingTheField(String stageName, String path, Object value, String field) {
        checkBadInput(harness(fixture(stageName).stage()), fixture(stageName).signalLines(), path, value, field);
    }

    private <T, S> void checkBadInput(TopologyHarness<T, S> harness, List<String> lines, String path, Object value,
                                      String field) {
        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            Signal<T> good = harness.signal(lines.get(0));
            harness.pipe(driver, null, harness.encode(harness.signal(lines.get(1)), path, value), null);
            harness.pipe(driver, good);

            List<TestRecord<byte[], byte[]>> deadLetters = harness.deadLetters(driver);
            assertThat(deadLetters).hasSize(1);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_FIELD)).isEqualTo(field);
            assertThat(header(deadLetters.get(0), DeadLetterHandler.ERROR_MESSAGE)).startsWith(field + ": ");
            assertThat(harness.emissionRecords(driver)).hasSize(harness.stage.suffixes().size());
        }
    }

    @Test
    void repeatedIdsInsideM2AndM4PayloadsAreDeadLetteredWithTheirPath() {
        TopologyHarness<M4Rewards.Season, M4Rewards.RewardsState> m4 = harness(new M4Rewards());
        try (TopologyTestDriver driver = m4.driver(stateDir)) {
            M4Rewards.Game game = new M4Rewards.Game("g1", 1.0, List.of(new M4Rewards.Staker("s1", 1.0, 0)));
            Signal<M4Rewards.Season> signal = Signal.of(new M4Rewards.Season("season", 10.0, List.of(game)),
                    java.time.Instant.parse("2026-02-06T12:00:00Z"), "src", "sig_dup");
            io.metaspn.streams.avro.m4.M4Signal record = (io.metaspn.streams.avro.m4.M4Signal) m4.codec.fromSignal(signal);
            List<io.metaspn.streams.avro.m4.M4Game> games = new ArrayList<>(record.getPayload().getGames());
            games.add(games.get(0));
            record.getPayload().put("games", games);
            m4.pipe(driver, null, new AvroRecordSerde(registry, m4.codec.signalSchema(), true, false).serializer()
                    .serialize(m4.topics.signals(), record), null);

            assertThat(header(m4.deadLetters(driver).get(0), DeadLetterHandler.ERROR_FIELD))
                    .isEqualTo("payload.games[1].game_id");
        }
    }

    @ParameterizedTest(name = "{0}: stored states stamped as the engine counts")
    @MethodSource("fixtures")
    void everyStoredStateCarriesTheEnginesVersionAndTimes(Conformance.Fixture fixture) {
        checkStamps(harness(fixture.stage()), fixture);
    }

    private <T, S> void checkStamps(TopologyHarness<T, S> harness, Conformance.Fixture fixture) {
        Engine<T, S> engine = harness.stage.engine();
        fixture.signalLines().forEach(line -> engine.process(harness.signal(line)));
        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            pipeAll(harness, driver, fixture.signalLines(), new Random(3));
            var store = driver.<String, org.apache.avro.generic.GenericRecord>getKeyValueStore(
                    harness.topics.stateStore());

            assertThat(engine.keys()).isNotEmpty();
            for (String key : engine.keys()) {
                io.metaspn.streams.engine.State<S> expected = engine.getState(key);
                assertThat(StageAvroCodec.stampOf(store.get(key))).as(key).isEqualTo(
                        new StageAvroCodec.StateStamp(expected.version(), expected.createdAt(), expected.updatedAt()));
            }
        }
    }

    @Test
    void aDuplicateSignalChangesNoStateAndEmitsNothing() {
        Conformance.Fixture m0 = fixture("m0");
        TopologyHarness<?, ?> harness = harness(m0.stage());
        List<String> lines = new ArrayList<>(m0.signalLines().subList(0, 5));
        lines.add(lines.get(0));
        lines.add(lines.get(3));
        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            List<String> emitted = harness.emissionLines(pipeAll(harness, driver, lines, new Random(1)));

            assertThat(emitted).hasSize(15);
            assertThat(Conformance.differences(m0.expectedLines().subList(0, 15), emitted)).isEmpty();
        }
    }

    @Test
    void aSignalIdIsForgottenAfterTheRetentionInStreamTime() {
        TopologyHarness<M0Ingest.Post, M0Ingest.IngestState> harness = new TopologyHarness<>(new M0Ingest(),
                StreamsSettings.defaults(M4Rewards.Config.DEFAULT).withDedupRetention(Duration.ofHours(1)), registry);
        java.time.Instant t0 = java.time.Instant.parse("2026-02-06T12:00:00Z");
        Signal<M0Ingest.Post> first = Signal.of(new M0Ingest.Post("x", "e1", "a", "h"), t0, "src", "sig_a");
        Signal<M0Ingest.Post> later = Signal.of(new M0Ingest.Post("x", "e2", "b", "h"), t0.plus(Duration.ofHours(3)),
                "src", "sig_b");
        Signal<M0Ingest.Post> replayedSoon = Signal.of(first.payload(), t0.plusSeconds(60), "src", "sig_a");
        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            harness.pipe(driver, first);
            harness.pipe(driver, replayedSoon);
            assertThat(harness.emissionRecords(driver)).hasSize(3);

            harness.pipe(driver, later);
            harness.pipe(driver, first);
            assertThat(harness.emissionRecords(driver)).hasSize(6);
            assertThat(harness.state(driver, "x:a").resolvedCount()).isEqualTo(2);
        }
    }

    @Test
    void afterARestartOnTheSameStateDirectoryCountersContinueAndNothingIsReEmitted() throws Exception {
        TopologyHarness<M0Ingest.Post, M0Ingest.IngestState> harness = harness(new M0Ingest());
        java.time.Instant t0 = java.time.Instant.parse("2026-02-06T12:00:00Z");
        List<Signal<M0Ingest.Post>> signals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            signals.add(Signal.of(new M0Ingest.Post("x", "e" + i, "alice", "h"), t0.plusSeconds(i), "src", "sig_" + i));
        }
        TopologyTestDriver first = harness.driver(stateDir);
        harness.pipe(first, signals.get(0));
        harness.pipe(first, signals.get(1));
        assertThat(harness.emissionRecords(first)).hasSize(6);
        closeKeepingState(first);

        try (TopologyTestDriver restarted = harness.driver(stateDir)) {
            harness.pipe(restarted, signals.get(1));
            harness.pipe(restarted, signals.get(2));
            List<TestRecord<String, byte[]>> records = harness.emissionRecords(restarted);

            assertThat(records).hasSize(3);
            assertThat(harness.emission(records.get(2)).payload()).isEqualTo(new M0Ingest.EventReady("x:alice", 3));
            assertThat(harness.state(restarted, "x:alice")).isEqualTo(new M0Ingest.IngestState(3, 3, "x:alice"));
        }
    }

    /**
     * Closes a driver as a stopped instance would be closed (commit, checkpoint, stores flushed and
     * closed) but keeps its state directory, which TopologyTestDriver otherwise wipes as its last step.
     */
    private static void closeKeepingState(TopologyTestDriver driver) throws ReflectiveOperationException {
        java.lang.reflect.Field field = TopologyTestDriver.class.getDeclaredField("stateDirectory");
        field.setAccessible(true);
        field.set(driver, null);
        try {
            driver.close();
        } catch (NullPointerException wipeSkipped) {
            // the wipe of the state directory, the last step of close(), is the only one skipped
        }
    }

    @Test
    void replayIntoAFreshApplicationGivesByteIdenticalEmissionRecords(@TempDir Path otherStateDir) {
        Conformance.Fixture m4 = fixture("m4-conviction");
        List<TestRecord<String, byte[]>> first = runOnce(m4, stateDir, "replay-a-" + scope);
        List<TestRecord<String, byte[]>> second = runOnce(m4, otherStateDir, "replay-b-" + scope);

        assertThat(second).hasSameSizeAs(first).hasSize(750);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).key()).isEqualTo(first.get(i).key());
            assertThat(second.get(i).value()).isEqualTo(first.get(i).value());
            assertThat(Arrays.asList(second.get(i).headers().toArray()))
                    .isEqualTo(Arrays.asList(first.get(i).headers().toArray()));
            assertThat(second.get(i).getRecordTime()).isEqualTo(first.get(i).getRecordTime());
        }
    }

    private static List<TestRecord<String, byte[]>> runOnce(Conformance.Fixture fixture, Path dir, String scopeName) {
        SchemaRegistryClient fresh = SchemaRegistries.inMemory(scopeName);
        try {
            TopologyHarness<?, ?> harness = new TopologyHarness<>(fixture.stage(),
                    StreamsSettings.defaults(M4Rewards.Config.DEFAULT), fresh);
            try (TopologyTestDriver driver = harness.driver(dir)) {
                return pipeAll(harness, driver, fixture.signalLines(), new Random(3));
            }
        } finally {
            SchemaRegistries.dropScope(scopeName);
        }
    }

    @Test
    void withoutRepartitionAlreadyKeyedInputGivesTheSameEmissions() {
        Conformance.Fixture m3 = fixture("m3");
        TopologyHarness<?, ?> harness = new TopologyHarness<>(m3.stage(),
                StreamsSettings.defaults(M4Rewards.Config.DEFAULT).withRepartitionByEntity(false), registry);
        assertThat(keyedByEntity(harness, m3)).isEmpty();
    }

    private <T, S> List<String> keyedByEntity(TopologyHarness<T, S> harness, Conformance.Fixture fixture) {
        try (TopologyTestDriver driver = harness.driver(stateDir)) {
            for (String line : fixture.signalLines()) {
                Signal<T> signal = harness.signal(line);
                harness.pipe(driver, harness.stage.entityKey(signal.payload()).getBytes(StandardCharsets.UTF_8),
                        harness.encode(signal, null, null), signal);
            }
            return Conformance.differences(fixture.expectedLines(),
                    harness.emissionLines(harness.emissionRecords(driver)));
        }
    }
}
