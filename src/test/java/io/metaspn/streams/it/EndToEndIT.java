package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.game.reference.ReferenceGames;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.registry.ApicurioRegistry;
import io.metaspn.streams.stages.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every conformance folder end to end: produced as Avro through a real Confluent-API registry
 * (Apicurio), the application exactly-once on a real broker, the output read with read_committed
 * equal to the reference (each entity's emissions in order).
 */
class EndToEndIT {
    @TempDir
    static Path dir;

    static ApicurioRegistry apicurio;
    static RealCluster cluster;

    @BeforeAll
    static void start() {
        apicurio = ApicurioRegistry.start();
        cluster = new RealCluster(dir.resolve("kafka"), apicurio.url());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        apicurio.close();
    }

    static Stream<Conformance.Fixture> fixtures() {
        return Conformance.fixtures();
    }

    @ParameterizedTest(name = "{0} end to end")
    @MethodSource("fixtures")
    void conformanceFolderEndToEnd(Conformance.Fixture fixture) throws Exception {
        String appId = "e2e-" + fixture.folder();
        Map<String, Object> config = cluster.appConfig(appId, dir.resolve(appId), fixture.stageName());
        config.put(MetaspnConfig.TOPIC_PREFIX, appId);
        if (fixture.m4ConfigJson() != null) {
            config.putAll(ReferenceGames.m4Settings(io.metaspn.streams.json.StagePayloads.m4Config(
                    Conformance.parse(fixture.m4ConfigJson()))));
        }
        StreamsSettings settings = new MetaspnConfig(config).settings();
        Stage<?, ?> stage = settings.stages().get(0);
        StageTopics topics = cluster.prepare(stage, settings, 3);
        cluster.produceSignals(stage, topics, fixture.signalLines());

        try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            cluster.awaitCaughtUp(appId, List.of(topics.signals(), appId + "-" + topics.repartition() + "-repartition"),
                    Duration.ofSeconds(90));
        }

        Map<String, String> entityOf = Conformance.entityOfSignal(stage, fixture.signalLines());
        Map<String, List<String>> expected = Conformance.byEntity(fixture.expectedLines(), entityOf);
        Map<String, List<String>> actual = Conformance.byEntity(cluster.emissions(stage, topics).stream()
                .map(EmissionJsonWriter::toJson).toList(), entityOf);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((entity, lines) -> assertThat(Conformance.differences(lines, actual.get(entity)))
                .as("entity %s", entity).isEmpty());
        assertThat(cluster.readCommitted(topics.deadLetters())).isEmpty();
    }
}
