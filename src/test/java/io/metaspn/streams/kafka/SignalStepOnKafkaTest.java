package io.metaspn.streams.kafka;

import static io.metaspn.streams.kafka.TopologyHarness.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.avro.StageCodecs;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.EngineHooks;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.State;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.json.JsonlRunner;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.json.StagePayloads;
import io.metaspn.streams.game.GameBinding;
import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.M1Route;
import io.metaspn.streams.stages.M4Rewards;
import io.metaspn.streams.stages.Stage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The stage processor runs the engine's processing step: the states it stores, versions and times included, are the
 * engine's, and a signal the stage's validator rejects is rejected in-process and dead-lettered as invalid on Kafka.
 */
class SignalStepOnKafkaTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    @Provide
    Arbitrary<List<Signal<M1Route.Profile>>> m1Signals() {
        Arbitrary<Double> score = Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.of(0.75, 0.5));
        Arbitrary<M1Route.Profile> profile = Combinators.combine(Arbitraries.integers().between(0, 4),
                        Arbitraries.of("core", "edge", "new"), score, score)
                .as((id, tier, quality, intent) -> new M1Route.Profile("p_" + id, tier, "email", quality, intent));
        // event times out of order, within a day (the dedup window keeps every id)
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, 86_400);
        return Combinators.combine(profile, seconds).as((p, s) -> Signal.of(p, T0.plusSeconds(s), "ops.test", "x"))
                .list().ofMinSize(1).ofMaxSize(25)
                .map(list -> {
                    List<Signal<M1Route.Profile>> numbered = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        numbered.add(Signal.of(list.get(i).payload(), list.get(i).timestamp(), "ops.test", "sig_" + i));
                    }
                    return numbered;
                });
    }

    /** What the Kafka processor stores for random M1 sequences equals the engine's state, version and times. */
    @Property(tries = 15)
    void theStatesTheProcessorStoresAreTheEnginesStates(@ForAll("m1Signals") List<Signal<M1Route.Profile>> signals)
            throws IOException {
        String scope = "step-property-" + UUID.randomUUID();
        Path stateDir = Files.createTempDirectory("signal-step");
        try {
            TopologyHarness<M1Route.Profile, M1Route.RouteState> harness = new TopologyHarness<>(new M1Route(),
                    StreamsSettings.defaults(M4Rewards.Config.DEFAULT), SchemaRegistries.inMemory(scope));
            Engine<M1Route.Profile, M1Route.RouteState> engine = harness.stage.engine();
            List<String> expectedIds = new ArrayList<>();
            signals.forEach(signal -> engine.process(signal).forEach(e -> expectedIds.add(e.emissionId())));
            try (TopologyTestDriver driver = harness.driver(stateDir)) {
                signals.forEach(signal -> harness.pipe(driver, signal));
                KeyValueStore<String, GenericRecord> store = driver.getKeyValueStore(harness.topics.stateStore());

                assertThat(harness.emissionRecords(driver)).extracting(r -> harness.emission(r).emissionId())
                        .isEqualTo(expectedIds);
                assertThat(engine.keys()).isNotEmpty();
                for (String key : engine.keys()) {
                    GenericRecord stored = store.get(key);
                    State<M1Route.RouteState> expected = engine.getState(key);
                    assertThat(harness.codec.toState(stored)).as(key).isEqualTo(expected.value());
                    assertThat(StageAvroCodec.stampOf(stored)).as(key).isEqualTo(StageAvroCodec.StateStamp.of(expected));
                }
                List<String> storedKeys = new ArrayList<>();
                try (var all = store.all()) {
                    all.forEachRemaining(entry -> storedKeys.add(entry.key));
                }
                assertThat(storedKeys).containsExactlyInAnyOrderElementsOf(engine.keys());
            }
        } finally {
            SchemaRegistries.dropScope(scope);
            deleteRecursively(stateDir);
        }
    }

    @Test
    void aStateStoredBeforeTheStampExistedCountsAsFirstSeenByItsNextSignal() throws IOException {
        String scope = "step-legacy-" + UUID.randomUUID();
        Path stateDir = Files.createTempDirectory("signal-step");
        try {
            TopologyHarness<M1Route.Profile, M1Route.RouteState> harness = new TopologyHarness<>(new M1Route(),
                    StreamsSettings.defaults(M4Rewards.Config.DEFAULT), SchemaRegistries.inMemory(scope));
            try (TopologyTestDriver driver = harness.driver(stateDir)) {
                KeyValueStore<String, GenericRecord> store = driver.getKeyValueStore(harness.topics.stateStore());
                M1Route.RouteState old = new M1Route.RouteState(4, 4, 4, "standard_queue");
                store.put("p_1", harness.codec.fromState(old)); // unstamped: version 0, no times
                Signal<M1Route.Profile> signal = Signal.of(new M1Route.Profile("p_1", "core", "email", 0.9, 0.9),
                        T0.plusSeconds(30), "ops.test", "sig_1");

                harness.pipe(driver, signal);

                State<M1Route.RouteState> expected = new M1Route().engine().step()
                        .process(signal, io.metaspn.streams.engine.SignalStep.restore(old, 0, null, null, signal))
                        .state();
                assertThat(expected.version()).isEqualTo(1);
                assertThat(expected.createdAt()).isEqualTo(signal.timestamp());
                assertThat(harness.codec.toState(store.get("p_1"))).isEqualTo(expected.value());
                assertThat(StageAvroCodec.stampOf(store.get("p_1")))
                        .isEqualTo(new StageAvroCodec.StateStamp(1, signal.timestamp(), signal.timestamp()));
            }
        } finally {
            SchemaRegistries.dropScope(scope);
            deleteRecursively(stateDir);
        }
    }

    /**
     * M1 with a rule of its own, as a game's {@code validateSignal}: a profile of tier {@code banned} is rejected.
     * Its engine records its hooks, to show they fire on Kafka too.
     */
    static final class StrictM1 implements GameBinding<M1Route.Profile, M1Route.RouteState> {
        private final M1Route m1 = new M1Route();
        private final StageAvroCodec<M1Route.Profile, M1Route.RouteState> codec = StageCodecs.m1(this);

        @Override
        public StageAvroCodec<M1Route.Profile, M1Route.RouteState> avro() {
            return codec;
        }

        @Override
        public M1Route.Profile decodePayload(JsonNode payload) {
            return StagePayloads.profile(payload);
        }
        final List<String> hookCalls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String key() {
            return m1.key();
        }

        @Override
        public String shortName() {
            return m1.shortName();
        }

        @Override
        public List<String> suffixes() {
            return m1.suffixes();
        }

        @Override
        public Class<M1Route.Profile> payloadType() {
            return m1.payloadType();
        }

        @Override
        public M1Route.RouteState initialState() {
            return m1.initialState();
        }

        @Override
        public Pipeline<M1Route.Profile, M1Route.RouteState> pipeline() {
            return m1.pipeline();
        }

        @Override
        public String entityKey(M1Route.Profile payload) {
            return m1.entityKey(payload);
        }

        @Override
        public void validate(Signal<M1Route.Profile> signal) {
            if ("banned".equals(signal.payload().profileTier())) {
                throw new ValidationException("payload.profile_tier", "is banned");
            }
        }

        @Override
        public Engine<M1Route.Profile, M1Route.RouteState> engine() {
            return Engine.builder(pipeline(), initialState())
                    .keyedBy((Signal<M1Route.Profile> signal) -> entityKey(signal.payload()))
                    .validator(this::validate)
                    .hooks(new EngineHooks<>() {
                        @Override
                        public void onSignal(Signal<M1Route.Profile> signal) {
                            hookCalls.add("signal " + signal.signalId());
                        }

                        @Override
                        public void onStateChange(String key, State<M1Route.RouteState> before,
                                                  State<M1Route.RouteState> after) {
                            hookCalls.add("change " + key + " v" + after.version());
                        }

                        @Override
                        public void onEmission(Emission<?> emission) {
                            hookCalls.add("emission " + emission.emissionId());
                        }

                        @Override
                        public void onError(Signal<M1Route.Profile> signal, Throwable error) {
                            hookCalls.add("error " + signal.signalId() + " " + error.getClass().getSimpleName());
                        }
                    })
                    .build();
        }
    }

    private static final List<String> LINES = List.of(
            "{\"signal_id\": \"ok_1\", \"timestamp\": \"2026-02-06T12:00:00Z\", \"source\": \"ops\", \"payload\": "
                    + "{\"profile_id\": \"p_1\", \"profile_tier\": \"core\", \"quality_score\": 0.9, "
                    + "\"intent_score\": 0.8, \"channel\": \"email\"}}",
            "{\"signal_id\": \"bad_1\", \"timestamp\": \"2026-02-06T12:00:07Z\", \"source\": \"ops\", \"payload\": "
                    + "{\"profile_id\": \"p_1\", \"profile_tier\": \"banned\", \"quality_score\": 0.1, "
                    + "\"intent_score\": 0.1, \"channel\": \"email\"}}",
            "{\"signal_id\": \"ok_2\", \"timestamp\": \"2026-02-06T12:00:14Z\", \"source\": \"ops\", \"payload\": "
                    + "{\"profile_id\": \"p_1\", \"profile_tier\": \"edge\", \"quality_score\": 0.2, "
                    + "\"intent_score\": 0.3, \"channel\": \"email\"}}");

    @Test
    void aSignalTheValidatorRejectsIsRejectedInProcessAndDeadLetteredAsInvalidOnKafka() throws IOException {
        // in-process: the engine, and the `process` command's runner
        StrictM1 inProcess = new StrictM1();
        SignalJson<M1Route.Profile> json = new SignalJson<>(inProcess::decodePayload);
        Engine<M1Route.Profile, M1Route.RouteState> engine = inProcess.engine();
        engine.process(json.parse(LINES.get(0)));
        assertThatThrownBy(() -> engine.process(json.parse(LINES.get(1))))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("payload.profile_tier"));
        engine.process(json.parse(LINES.get(2)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        JsonlRunner<M1Route.Profile, M1Route.RouteState> runner = new JsonlRunner<>(new StrictM1(), StagePayloads::profile);
        JsonlRunner.Summary summary = runner.run(new BufferedReader(new StringReader(String.join("\n", LINES))), out,
                errors);
        assertThat(summary.rejected()).isEqualTo(1);
        JsonNode rejection = new ObjectMapper().readTree(errors.toString(StandardCharsets.UTF_8));
        assertThat(rejection.get("signal_id").asText()).isEqualTo("bad_1");
        assertThat(rejection.get("field").asText()).isEqualTo("payload.profile_tier");

        // on Kafka: the same stage through its stage processor
        StrictM1 onKafka = new StrictM1();
        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        String scope = "step-strict-" + UUID.randomUUID();
        SchemaRegistryClient registry = SchemaRegistries.inMemory(scope);
        Path stateDir = Files.createTempDirectory("signal-step");
        StreamsSettings settings = StreamsSettings.defaults(M4Rewards.Config.DEFAULT).withStages(List.of(onKafka));
        StageTopics topics = settings.topics(onKafka);
        StageAvroCodec<M1Route.Profile, M1Route.RouteState> codec = StageCodecs.m1(new M1Route());
        AvroRecordSerde signalSerde = new AvroRecordSerde(registry, codec.signalSchema(), true, false);
        AvroRecordSerde emissionSerde = new AvroRecordSerde(registry, codec.emissionSchema(), true, false);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(onKafka, codec, settings, registry),
                properties(stateDir, reasons))) {
            var input = driver.createInputTopic(topics.signals(), new ByteArraySerializer(), new ByteArraySerializer());
            for (String line : LINES) {
                Signal<M1Route.Profile> signal = json.parse(line);
                input.pipeInput(new TestRecord<>(null,
                        signalSerde.serializer().serialize(topics.signals(), codec.fromSignal(signal)),
                        signal.timestamp()));
            }
            List<TestRecord<byte[], byte[]>> deadLetters = driver.createOutputTopic(topics.deadLetters(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
            List<String> emitted = driver.createOutputTopic(topics.emissions(), new StringDeserializer(),
                            new ByteArrayDeserializer()).readRecordsToList().stream()
                    .map(r -> codec.toEmission(emissionSerde.deserializer().deserialize(topics.emissions(), r.value()))
                            .emissionId())
                    .toList();
            GenericRecord stored = driver.<String, GenericRecord>getKeyValueStore(topics.stateStore()).get("p_1");

            assertThat(deadLetters).singleElement().satisfies(letter -> {
                assertThat(header(letter, DeadLetterHandler.ERROR_FIELD)).isEqualTo("payload.profile_tier");
                assertThat(header(letter, DeadLetterHandler.ERROR_CLASS))
                        .isEqualTo(ValidationException.class.getName());
            });
            assertThat(reasons).containsExactly("m1 invalid");
            assertThat(emitted).isEqualTo(acceptedEmissionIds(json));
            assertThat(codec.toState(stored)).isEqualTo(engine.getState("p_1").value());
            assertThat(StageAvroCodec.stampOf(stored)).isEqualTo(StageAvroCodec.StateStamp.of(engine.getState("p_1")));
            assertThat(onKafka.hookCalls).isEqualTo(inProcess.hookCalls);
            assertThat(onKafka.hookCalls).contains("error bad_1 ValidationException", "change p_1 v2",
                    "emission ok_2:route");
        } finally {
            SchemaRegistries.dropScope(scope);
            deleteRecursively(stateDir);
        }
    }

    /** The emission ids the lines give in-process (a rejected line gives none). */
    private static List<String> acceptedEmissionIds(SignalJson<M1Route.Profile> json) {
        Engine<M1Route.Profile, M1Route.RouteState> fresh = new StrictM1().engine();
        List<String> ids = new ArrayList<>();
        for (String line : LINES) {
            try {
                fresh.process(json.parse(line)).forEach(e -> ids.add(e.emissionId()));
            } catch (ValidationException rejected) {
                // rejected in-process as on Kafka
            }
        }
        return ids;
    }

    /** The stage's sub-topology as {@link MetaspnTopology} builds it (without re-keying), for a stage of the test. */
    private static <T, S> Topology topology(GameBinding<T, S> stage, StageAvroCodec<T, S> codec, StreamsSettings settings,
                                            SchemaRegistryClient registry) {
        StageTopics topics = settings.topics(stage);
        AvroRecordSerde signals = new AvroRecordSerde(registry, codec.signalSchema(), true, false);
        AvroRecordSerde emissions = new AvroRecordSerde(registry, codec.emissionSchema(), true, false);
        AvroRecordSerde states = new AvroRecordSerde(registry, codec.stateSchema(), true, false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(topics.stateStore()),
                Serdes.String(), states));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(topics.processedStore(),
                settings.dedupRetention(), Duration.ofMillis(1), false), Serdes.String(), Serdes.Long()));
        builder.stream(topics.signals(), Consumed.with(Serdes.ByteArray(), signals).withName(topics.node("signals")))
                .process(() -> new EntityKeyer<byte[], T>(stage), Named.as(topics.node("key-by-entity")))
                .process(() -> new StageProcessor<>(stage, codec, topics, settings,
                                new OutputLimits(settings.maxRecordBytes()), emissions.serializer(), states.serializer(),
                                ProcessingListener.NONE),
                        Named.as(topics.node("process")), topics.stateStore(), topics.processedStore())
                .to(topics.emissions(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName(topics.node("emissions")));
        return builder.build();
    }

    private static Properties properties(Path stateDir, List<String> reasons) {
        Properties props = TopologyHarness.properties("metaspn-step-test", stateDir);
        props.put(MetaspnConfig.PROCESSING_LISTENER, new ProcessingListener() {
            @Override
            public void deadLettered(String stage, DeadLetterReason reason) {
                reasons.add(stage + " " + reason.tag());
            }
        });
        return props;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
