package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end path against Confluent's own broker and Schema Registry images, for machines with
 * Docker (skipped cleanly without): topics and schemas through the CLI, signals produced as Avro,
 * the application exactly-once, the committed output equal to the reference.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersEndToEndIT {
    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final ConfluentKafkaContainer KAFKA = new ConfluentKafkaContainer(
            DockerImageName.parse("confluentinc/cp-kafka:7.8.0")).withNetwork(NETWORK).withNetworkAliases("kafka")
            .withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>(
            DockerImageName.parse("confluentinc/cp-schema-registry:7.8.0")).withNetwork(NETWORK)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .dependsOn(KAFKA).waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @Test
    void m1ConformanceThroughConfluentKafkaAndSchemaRegistry(@TempDir Path dir) throws Exception {
        Conformance.Fixture m1 = Conformance.fixtures().filter(f -> f.folder().equals("m1")).findFirst().orElseThrow();
        String bootstrap = KAFKA.getBootstrapServers();
        String registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
        Path input = Files.write(dir.resolve("m1.jsonl"), m1.signalLines(), StandardCharsets.UTF_8);
        List<String> cluster = List.of("--bootstrap-servers", bootstrap, "--schema-registry-url", registryUrl);

        assertThat(MetaspnCli.run(concat(List.of("topics", "create", "--stages", "m1", "--partitions", "3"), cluster)))
                .isZero();
        assertThat(MetaspnCli.run(concat(List.of("schemas", "register", "--stages", "m1"), cluster))).isZero();
        assertThat(MetaspnCli.run(concat(List.of("produce", "--stage", "m1", "--input", input.toString()), cluster)))
                .isZero();

        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap,
                MetaspnConfig.SCHEMA_REGISTRY_URL, registryUrl, "application.id", "tc-e2e",
                "state.dir", dir.resolve("state").toString(), "replication.factor", "1",
                MetaspnConfig.STAGES, "m1");
        StreamsSettings settings = new MetaspnConfig(config).settings();
        Stage<?, ?> stage = settings.stages().get(0);
        StageTopics topics = settings.topics(stage);
        try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(90))).isTrue();
            RealCluster reads = new RealCluster(bootstrap, registryUrl);
            reads.awaitCaughtUp("tc-e2e", List.of(topics.signals(), "tc-e2e-" + topics.repartition() + "-repartition"),
                    Duration.ofSeconds(120));
            List<String> actual = reads.emissions(stage, topics).stream().map(EmissionJsonWriter::toJson)
                    .sorted(java.util.Comparator.comparing(l -> Conformance.parse(l).get("emission_id").asText()))
                    .toList();
            List<String> expected = m1.expectedLines().stream()
                    .sorted(java.util.Comparator.comparing(l -> Conformance.parse(l).get("emission_id").asText()))
                    .toList();
            assertThat(Conformance.differences(expected, actual)).isEmpty();
        }
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
