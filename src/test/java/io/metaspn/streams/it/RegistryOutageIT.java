package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.registry.FaultInjectingProxy;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema registry outage while the application runs on a real broker, exactly-once: the registry (over
 * real HTTP) answers 503 to everything while signals arrive, then recovers. No signal is dead-lettered, the
 * stream thread is replaced after a backoff while the outage lasts, and every signal is processed once the
 * registry is back: the emissions are exactly the reference's.
 */
class RegistryOutageIT {
    @TempDir
    Path dir;

    @Test
    void aRegistryOutageDeadLettersNothingAndEverySignalIsProcessedOnceTheRegistryIsBack() throws Exception {
        Conformance.Fixture m1 = Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst().orElseThrow();
        try (RealCluster cluster = new RealCluster(dir.resolve("kafka"));
             FaultInjectingProxy registry = FaultInjectingProxy.inFrontOf(cluster.registryUrl())) {
            Map<String, Object> config = cluster.appConfig("outage-it", dir.resolve("state"), "m1");
            config.put(MetaspnConfig.SCHEMA_REGISTRY_URL, registry.url());
            // a replaced stream thread joins as a new member: the group waits a session timeout for the old one
            config.put("main.consumer.session.timeout.ms", "6000");
            config.put("main.consumer.heartbeat.interval.ms", "1000");
            StreamsSettings settings = new MetaspnConfig(config).settings();
            Stage<?, ?> stage = settings.stages().get(0);
            StageTopics topics = cluster.prepare(stage, settings, 3);

            try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
                app.start();
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("application running").isTrue();
                registry.failNext(1_000_000, 503);
                int before = registry.requests().size();
                cluster.produceSignals(stage, topics, m1.signalLines());
                // the client tries 4 times per request: wait for at least three failed attempts at the task
                Await.until("the application asks the registry during the outage", Duration.ofSeconds(90),
                        () -> registry.requests().size() - before >= 12);
                assertThat(cluster.readCommitted(topics.emissions())).as("nothing emitted during the outage").isEmpty();
                registry.recover();

                cluster.awaitCaughtUp("outage-it", List.of(topics.signals(),
                        "outage-it-" + topics.repartition() + "-repartition"), Duration.ofSeconds(120));
                List<String> emitted = cluster.emissions(stage, topics).stream().map(EmissionJsonWriter::toJson)
                        .sorted().toList();
                assertThat(Conformance.differences(m1.expectedLines().stream().sorted().toList(), emitted)).isEmpty();
                assertThat(cluster.readCommitted(topics.deadLetters())).as("dead letters").isEmpty();
                assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }
}
