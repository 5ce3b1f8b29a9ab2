package io.metaspn.streams.it;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.DeadLetterHandler;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay after reset, reset --offsets-only, and poison pills, on a real broker with exactly-once. */
class ReplayAndPoisonPillIT {
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static RealCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new RealCluster(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static Conformance.Fixture fixture(String folder) {
        return Conformance.fixtures().filter(f -> f.folder().equals(folder)).findFirst().orElseThrow();
    }

    /** Runs the application until it has consumed everything, then closes it. */
    private static void runUntilCaughtUp(Map<String, Object> config, StageTopics topics) throws Exception {
        try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("application running").isTrue();
            String appId = config.get("application.id").toString();
            cluster.awaitCaughtUp(appId, List.of(topics.signals(), appId + "-" + topics.repartition() + "-repartition"),
                    CATCH_UP);
        }
    }

    @Test
    void afterResetASecondPassEmitsTheSameAndOffsetsOnlyResetReEmitsNothing() throws Exception {
        Conformance.Fixture m2 = fixture("m2");
        Map<String, Object> config = cluster.appConfig("replay-it", dir.resolve("replay-state"), "m2");
        StreamsSettings settings = new MetaspnConfig(config).settings();
        Stage<?, ?> stage = settings.stages().get(0);
        StageTopics topics = cluster.prepare(stage, settings, 3);
        cluster.produceSignals(stage, topics, m2.signalLines());

        runUntilCaughtUp(config, topics);
        List<Emission<Object>> firstPass = cluster.emissions(stage, topics);
        assertThat(firstPass).hasSize(500);
        Map<String, ?> stateAfterFirst = cluster.changelogStates(stage, "replay-it", topics);

        assertThat(reset(config, "--stage", "m2")).isZero();
        runUntilCaughtUp(config, topics);
        List<Emission<Object>> all = cluster.emissions(stage, topics);
        assertThat(all).hasSize(1000);
        assertThat(byId(secondHalf(all, firstPass))).isEqualTo(byId(firstPass));

        assertThat(reset(config, "--stage", "m2", "--offsets-only")).isZero();
        runUntilCaughtUp(config, topics);
        assertThat(cluster.emissions(stage, topics)).hasSize(1000);
        assertThat(cluster.changelogStates(stage, "replay-it", topics)).isEqualTo(stateAfterFirst)
                .isEqualTo(RealCluster.replayStates(stage, m2.signalLines()));
    }

    /** The emissions that are not the first pass's records (the output topic keeps both passes). */
    private static List<Emission<Object>> secondHalf(List<Emission<Object>> all, List<Emission<Object>> firstPass) {
        List<Emission<Object>> rest = new ArrayList<>(all);
        for (Emission<Object> emission : firstPass) {
            rest.remove(emission);
        }
        return rest;
    }

    private static Map<String, Emission<Object>> byId(List<Emission<Object>> emissions) {
        Map<String, Emission<Object>> byId = new java.util.TreeMap<>();
        for (Emission<Object> emission : emissions) {
            assertThat(byId.put(emission.emissionId(), emission)).as("emission %s once", emission.emissionId()).isNull();
        }
        return byId;
    }

    private static int reset(Map<String, Object> config, String... options) {
        List<String> args = new ArrayList<>(List.of("reset", "--bootstrap-servers",
                config.get("bootstrap.servers").toString(), "--schema-registry-url",
                config.get(MetaspnConfig.SCHEMA_REGISTRY_URL).toString(), "--application-id",
                config.get("application.id").toString(), "--state-dir", config.get("state.dir").toString()));
        args.addAll(List.of(options));
        return MetaspnCli.run(args.toArray(String[]::new));
    }

    @Test
    void poisonPillsInterleavedWithGoodSignalsAreDeadLetteredWithReasonsAndNothingStalls() throws Exception {
        Conformance.Fixture m1 = fixture("m1");
        Map<String, Object> config = cluster.appConfig("poison-it", dir.resolve("poison-state"), "m1");
        StreamsSettings settings = new MetaspnConfig(config).settings();
        Stage<?, ?> stage = settings.stages().get(0);
        StageTopics topics = cluster.prepare(stage, settings, 3);
        List<String> good = m1.signalLines().subList(0, 60);
        int wrongSchemaId = cluster.registry.register("some-other-subject-value",
                io.metaspn.streams.avro.m2.M2Signal.getClassSchema());
        List<byte[]> pills = List.of(
                randomBytes(1), randomBytes(2), new byte[0],
                wireFormat(wrongSchemaId, randomBytes(3)),
                wireFormat(999_999, new byte[] {2, 4}),
                mutated(topics, good.get(1), "profile_id", ""),
                mutated(topics, good.get(2), "quality_score", Double.NaN),
                line("{\"signal_id\": \"x1\", \"timestamp\": \"2026-02-06T12:00:00Z\", \"source\": \"s\", "
                        + "\"payload\": {\"profile_id\": \"p\", \"profile_tier\": \"t\", \"channel\": \"c\", "
                        + "\"quality_score\": \"high\", \"intent_score\": 0.1}}"),
                line("not json at all"));
        List<byte[][]> records = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            records.add(new byte[][] {null, cluster.encode(stage, topics, good.get(i))});
            if (i % 6 == 3 && i / 6 < pills.size()) {
                records.add(new byte[][] {("pill" + i).getBytes(StandardCharsets.UTF_8), pills.get(i / 6)});
            }
        }
        cluster.send(topics.signals(), records);

        runUntilCaughtUp(config, topics);

        List<Emission<Object>> emissions = cluster.emissions(stage, topics);
        assertThat(emissions).hasSize(good.size() * 3);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = cluster.readCommitted(topics.deadLetters());
        assertThat(deadLetters).hasSize(pills.size());
        assertThat(deadLetters).extracting(r -> header(r, DeadLetterHandler.ERROR_FIELD))
                .contains("payload.profile_id", "payload.quality_score");
        assertThat(deadLetters).allSatisfy(record -> {
            assertThat(header(record, DeadLetterHandler.ERROR_CLASS)).isNotBlank();
            assertThat(header(record, DeadLetterHandler.ERROR_MESSAGE)).isNotBlank();
            assertThat(header(record, DeadLetterHandler.SOURCE_TOPIC)).isEqualTo(topics.signals());
            assertThat(header(record, DeadLetterHandler.STAGE)).isEqualTo("m1");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).startsWith("pill");
        });
    }

    /** A good line as an Avro record with one payload field overwritten: a record only validation can refuse. */
    private static byte[] mutated(StageTopics topics, String line, String field, Object value) {
        io.metaspn.streams.stages.M1Route stage = new io.metaspn.streams.stages.M1Route();
        var codec = ReferenceBindings.of(stage).avro();
        var signal = new io.metaspn.streams.json.SignalJson<>(ReferenceBindings.of(stage)::decodePayload)
                .parse(line);
        io.metaspn.streams.avro.m1.M1Signal record = (io.metaspn.streams.avro.m1.M1Signal) codec.fromSignal(signal);
        record.getPayload().put(field, value);
        return new io.metaspn.streams.kafka.AvroRecordSerde(cluster.registry, codec.signalSchema(), false, false)
                .serializer().serialize(topics.signals(), record);
    }

    private static byte[] randomBytes(long seed) {
        byte[] bytes = new byte[16 + (int) seed];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 7;
        return bytes;
    }

    private static byte[] wireFormat(int schemaId, byte[] body) {
        byte[] bytes = new byte[5 + body.length];
        bytes[1] = (byte) (schemaId >>> 24);
        bytes[2] = (byte) (schemaId >>> 16);
        bytes[3] = (byte) (schemaId >>> 8);
        bytes[4] = (byte) schemaId;
        System.arraycopy(body, 0, bytes, 5, body.length);
        return bytes;
    }

    private static byte[] line(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
