package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.cli.MetaspnCli;
import io.metaspn.streams.game.reference.ReferenceBindings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} on its embedded broker and on a given cluster, through the command line in this JVM. */
class BenchCommandIT {
    private static final int SIGNALS = 2000;

    /** What a command printed on stdout, and its exit status. */
    private record Run(int status, String stdout) {
    }

    private static Run bench(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            String[] command = new String[args.length + 1];
            command[0] = "bench";
            System.arraycopy(args, 0, command, 1, args.length);
            return new Run(MetaspnCli.run(command), stdout.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void benchRunsTheBaselinesAndTheStageOnTheSameSignalsAfterAWarmUpOnTopicsOfItsOwn(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Run run = bench("--stage", "m1", "--signals", Integer.toString(SIGNALS), "--entities", "100", "--partitions",
                "2", "--warmup", "500", "--json", json.toString());

        assertThat(run.status()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("signals").asLong()).isEqualTo(SIGNALS);
        assertThat(report.get("entities").asInt()).isEqualTo(100);
        JsonNode rows = report.get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("name").asText()).isEqualTo("pass-through");
        assertThat(rows.get(1).get("name").asText()).isEqualTo("m1");
        long copies = Math.round(rows.get(1).get("written_per_signal").asDouble());
        assertThat(rows.get(2).get("name").asText()).isEqualTo("fan-out-" + copies);
        assertThat(rows.get(2).get("emitted").asLong()).isEqualTo(SIGNALS * copies);
        assertThat(rows.get(1).get("ratio_to_write_path").asDouble()).isPositive();
        assertThat(rows.get(1).get("rocksdb_peak_bytes").asLong()).isPositive();
        for (JsonNode row : rows) {
            assertThat(row.get("consumed").asLong()).isEqualTo(SIGNALS);
            assertThat(row.get("consumed_per_second").asDouble()).isPositive();
            assertThat(row.get("emitted_per_second").asDouble()).isPositive();
            assertThat(row.get("ratio").asDouble()).isPositive();
        }
        assertThat(rows.get(0).get("emitted").asLong()).isEqualTo(SIGNALS);
        long perSignal = ReferenceBindings.byName("m1").suffixes().size();
        assertThat(rows.get(1).get("emitted").asLong()).isEqualTo(SIGNALS * perSignal);
        assertThat(rows.get(1).get("written_offsets").get("metaspn.m1.dlq.v1").asLong()).isZero();
        assertThat(rows.get(1).get("written_offsets").fieldNames()).toIterable().isNotEmpty()
                .noneMatch(topic -> topic.contains("warmup"));
        assertThat(run.stdout()).contains("pass-through", "records written per signal by m1",
                "metaspn.m1.emissions.v1");
    }

    @Test
    void latencyModeMeasuresEverySignalsFirstEmissionAtTheOfferedRate(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("latency.json");
        Run run = bench("--latency", "--signals", "500", "--rate", "250", "--partitions", "2", "--json",
                json.toString());

        assertThat(run.status()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("mode").asText()).isEqualTo("latency");
        assertThat(report.get("offered_rate").asDouble()).isPositive();
        JsonNode latency = report.get("latency_ms");
        assertThat(latency.get("count").asLong()).isEqualTo(500);
        double p50 = latency.get("p50").asDouble();
        double p99 = latency.get("p99").asDouble();
        double max = latency.get("max").asDouble();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);
        assertThat(run.stdout()).contains("p99.9 ms", "read_committed consumer");
    }

    @Test
    void allRunsEveryReferenceStageInOneRunAndSummarisesThem(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("all.json");
        Run run = bench("--stage", "all", "--signals", "300", "--entities", "30", "--partitions", "1", "--json",
                json.toString());

        assertThat(run.status()).isZero();
        JsonNode stages = new ObjectMapper().readTree(json.toFile()).get("stages");
        assertThat(stages).extracting(report -> report.get("stage").asText())
                .containsExactly("m0", "m1", "m2", "m3", "m4");
        for (JsonNode report : stages) {
            assertThat(report.get("rows")).extracting(row -> row.get("kind").asText())
                    .containsExactly("pass_through", "stage", "write_path");
            assertThat(report.get("rows")).allSatisfy(row -> assertThat(row.get("consumed").asLong()).isEqualTo(300));
        }
        String table = run.stdout();
        assertThat(table.substring(table.indexOf("summary")).lines().filter(line -> line.matches("m[0-4] .*")))
                .hasSize(5);
    }

    @Test
    void onAGivenClusterEveryTopicGroupAndSubjectOfTheRunIsNamedAfterItAndDeletedAtTheEnd(@TempDir Path dir) throws Exception {
        try (RealCluster cluster = new RealCluster(dir.resolve("kafka")); Admin admin = cluster.admin()) {
            Set<String> before = admin.listTopics().names().get();

            Run run = bench("--stage", "m1", "--signals", "500", "--entities", "50", "--partitions", "2", "--warmup",
                    "100", "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url",
                    cluster.registryUrl(), "--json", dir.resolve("remote.json").toString());

            assertThat(run.status()).isZero();
            JsonNode rows = new ObjectMapper().readTree(dir.resolve("remote.json").toFile()).get("rows");
            assertThat(rows.get(1).get("written_offsets").fieldNames()).toIterable()
                    .allMatch(topic -> topic.startsWith("metaspn-bench-"));
            Await.until("the run's topics deleted", Duration.ofSeconds(30), () ->
                    admin.listTopics().names().get().equals(before));
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId)
                    .noneMatch(group -> group.startsWith("metaspn-bench-"));
            assertThat(cluster.registry.subjects()).noneMatch(subject -> subject.startsWith("metaspn-bench-"));
        }
    }

    @Test
    void anUnknownStageIsTheUsersMistake() {
        assertThat(MetaspnCli.run("bench", "--stage", "m9")).isEqualTo(MetaspnCli.EXIT_USAGE);
        assertThat(MetaspnCli.run("bench", "--stage", "podcast")).isEqualTo(MetaspnCli.EXIT_USAGE);
    }

    @Test
    void aRateWithoutLatencyIsTheUsersMistake() {
        assertThat(MetaspnCli.run("bench", "--rate", "100")).isEqualTo(MetaspnCli.EXIT_USAGE);
        assertThat(MetaspnCli.run("bench", "--latency", "--rate", "0")).isEqualTo(MetaspnCli.EXIT_USAGE);
    }

    @Test
    void aBadGuaranteeIsTheUsersMistake() {
        assertThat(MetaspnCli.run("bench", "--guarantee", "exactly_once")).isEqualTo(MetaspnCli.EXIT_USAGE);
    }

    @Test
    void aNegativeWarmUpIsTheUsersMistake() {
        assertThat(MetaspnCli.run("bench", "--warmup", "-1")).isEqualTo(MetaspnCli.EXIT_USAGE);
    }
}
