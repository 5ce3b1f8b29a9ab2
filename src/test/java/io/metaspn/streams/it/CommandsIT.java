package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import io.metaspn.streams.kafka.StageTopics;
import io.metaspn.streams.kafka.StreamsSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** topics, schemas, produce, tail and reset against a real broker and an HTTP registry. */
class CommandsIT {
    @TempDir
    static Path dir;

    static RealCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RealCluster(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url",
                cluster.registryUrl()));
        return all.toArray(String[]::new);
    }

    /** Runs the CLI in this JVM and returns its stdout. */
    private static String stdout(int[] status, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            status[0] = MetaspnCli.run(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void produceSendsValidLinesKeyedByEntityTailPrintsTheCommittedEmissionsAndResetRefusesWhileRunning()
            throws Exception {
        Conformance.Fixture m3 = Conformance.fixtures().filter(f -> f.folder().equals("m3")).findFirst().orElseThrow();
        List<String> lines = new ArrayList<>(m3.signalLines().subList(0, 20));
        lines.add(5, "{\"signal_id\": \"bad\", \"timestamp\": \"2026-02-06T12:00:00Z\", \"source\": \"\", \"payload\": {}}");
        Path input = Files.write(dir.resolve("m3.jsonl"), lines, StandardCharsets.UTF_8);
        int[] status = new int[1];

        String created = stdout(status, args("topics", "create", "--stages", "m3", "--partitions", "3"));
        assertThat(status[0]).isZero();
        assertThat(created).contains("created metaspn.m3.signals.v1", "created metaspn.m3.dlq.v1");
        assertThat(stdout(status, args("topics", "create", "--stages", "m3"))).isEmpty();
        stdout(status, args("schemas", "register", "--stages", "m3"));
        assertThat(status[0]).isZero();

        assertThat(MetaspnCli.run(args("produce", "--stage", "m3", "--input", input.toString()))).isEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> sent = cluster.readCommitted("metaspn.m3.signals.v1");
        assertThat(sent).hasSize(20);
        assertThat(sent).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).startsWith("learner_"));

        Map<String, Object> config = cluster.appConfig("commands-it", dir.resolve("state"), "m3");
        StreamsSettings settings = new MetaspnConfig(config).settings();
        Stage<?, ?> stage = settings.stages().get(0);
        StageTopics topics = settings.topics(stage);
        try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            cluster.awaitCaughtUp("commands-it", List.of(topics.signals()), Duration.ofSeconds(60));

            String tailed = stdout(status, args("tail", "--stage", "m3", "--from-beginning", "--max", "80",
                    "--timeout", "PT20S"));
            assertThat(status[0]).isZero();
            List<JsonNode> emissions = tailed.lines().map(Conformance::parse).toList();
            assertThat(emissions).hasSize(80);
            Set<String> expectedIds = Set.copyOf(m3.expectedLines().subList(0, 80).stream()
                    .map(l -> Conformance.parse(l).get("emission_id").asText()).toList());
            assertThat(emissions).extracting(e -> e.get("emission_id").asText())
                    .containsExactlyInAnyOrderElementsOf(expectedIds);

            assertThat(MetaspnCli.run(args("reset", "--application-id", "commands-it", "--stage", "m3")))
                    .as("reset refuses while the application is a member of its group").isEqualTo(1);
        }
        assertThat(MetaspnCli.run(args("reset", "--application-id", "commands-it", "--stage", "m3", "--dry-run",
                "--state-dir", dir.resolve("state").toString()))).isZero();
    }

    @Test
    void theCommandsRunAGameFromTheClassPathWithItsDerivedSchemas() throws Exception {
        int[] status = new int[1];
        stdout(status, args("topics", "create", "--stages", "podcast", "--partitions", "2"));
        assertThat(status[0]).isZero();
        String registered = stdout(status, args("schemas", "register", "--stages", "podcast"));
        assertThat(status[0]).isZero();
        assertThat(registered).contains("metaspn.podcast.signals.v1-value", "metaspn.podcast.emissions.v1-value");

        assertThat(MetaspnCli.run(args("produce", "--stage", "podcast", "--input", "examples/podcast-signals.jsonl")))
                .isZero();
        assertThat(cluster.readCommitted("metaspn.podcast.signals.v1")).hasSize(6);

        Map<String, Object> config = cluster.appConfig("commands-it-podcast", dir.resolve("podcast-state"), "podcast");
        try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            cluster.awaitCaughtUp("commands-it-podcast", List.of("metaspn.podcast.signals.v1"), Duration.ofSeconds(60));

            String tailed = stdout(status, args("tail", "--stage", "podcast", "--from-beginning", "--max", "4",
                    "--timeout", "PT20S"));
            assertThat(status[0]).isZero();
            assertThat(tailed.lines().map(Conformance::parse).map(e -> e.get("emission_id").asText()))
                    .containsExactlyInAnyOrder("listen-3:milestone-1", "listen-4:milestone-2", "listen-4:milestone-3",
                            "listen-5:milestone-1");
            // the listen with negative seconds is refused by the game's own validation, on Kafka as in process
            assertThat(cluster.readCommitted("metaspn.podcast.dlq.v1")).hasSize(1);
        }
    }
}
