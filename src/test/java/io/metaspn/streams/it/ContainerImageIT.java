package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.cli.MetaspnCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The image the Dockerfile builds, on machines with Docker (skipped cleanly without): against the Kafka and
 * schema registry images docker-compose.yml uses, it runs the application as uid 10001, answers /health/live,
 * Docker's HEALTHCHECK reports it healthy, and its RocksDB state lands under METASPN_STATE_DIR.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerImageIT {
    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse("apache/kafka:4.3.1"))
            .withNetwork(NETWORK).withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>(
            DockerImageName.parse("confluentinc/cp-schema-registry:8.1.1")).withNetwork(NETWORK)
            .withNetworkAliases("schema-registry").withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1")
            .dependsOn(KAFKA).waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @Test
    void theImageRunsTheApplicationAsUid10001AndDockerSeesItHealthy() throws Exception {
        String registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
        List<String> cluster = List.of("--bootstrap-servers", KAFKA.getBootstrapServers(), "--schema-registry-url",
                registryUrl);
        assertThat(MetaspnCli.run(args(List.of("topics", "create", "--stages", "m1", "--partitions", "3"), cluster)))
                .isZero();
        assertThat(MetaspnCli.run(args(List.of("schemas", "register", "--stages", "m1"), cluster))).isZero();
        // the Dockerfile's own build (Maven stage, then the runtime), its .dockerignore applied
        ImageFromDockerfile image = new ImageFromDockerfile("metaspn/metaspn-streams-it", true)
                .withDockerfile(Path.of("Dockerfile").toAbsolutePath());

        try (GenericContainer<?> app = new GenericContainer<>(image).withNetwork(NETWORK)
                .withEnv("METASPN_BOOTSTRAP_SERVERS", "kafka:19092")
                .withEnv("METASPN_SCHEMA_REGISTRY_URL", "http://schema-registry:8081")
                .withEnv("METASPN_STAGES", "m1")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/health/live").forPort(8080).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(2)))) {
            app.start();

            assertThat(app.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
            Await.until("Docker's HEALTHCHECK reports the container healthy", Duration.ofSeconds(90),
                    () -> "healthy".equals(app.getCurrentContainerInfo().getState().getHealth().getStatus()));
            Await.until("RocksDB state under METASPN_STATE_DIR", Duration.ofSeconds(60),
                    () -> app.execInContainer("test", "-d", "/var/lib/metaspn/state/metaspn-streams").getExitCode() == 0);
        }
    }

    private static String[] args(List<String> command, List<String> cluster) {
        return Stream.concat(command.stream(), cluster.stream()).toArray(String[]::new);
    }
}
